package org.aiworklist.routes.jobs;

import java.time.Clock;
import java.util.List;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.hibernate.Session;

/** Where a job's results go, by its rule: the Secondary Capture layouts its destinations want, one export each. */
final class JobDestinations {
    private JobDestinations() {}

    static NodeConfiguration.Rule rule(NodeConfiguration config, JobRecord job) {
        return config.rules().stream()
                .filter(r -> r.name().equals(job.ruleName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("rule '" + job.ruleName + "' is no longer configured"));
    }

    /** The SC layouts the job's destinations want, each once. */
    static List<NodeConfiguration.SecondaryCaptureLayout> scLayouts(NodeConfiguration config, JobRecord job) {
        return rule(config, job).destinations().stream()
                .map(name -> config.destination(name).orElseThrow())
                .filter(d -> d.takes(NodeConfiguration.ResultObject.SC))
                .map(NodeConfiguration.Destination::secondaryCapture)
                .distinct()
                .toList();
    }

    /** One export per destination of the job's rule, due now; none twice, so a repeated write queues nothing more. */
    static void queueExports(Session session, JobRecord job, NodeConfiguration config, Clock clock) {
        for (String destination : rule(config, job).destinations()) {
            boolean exists = !session.createSelectionQuery(
                            "select id from ExportRecord where jobId = :j and destination = :d", Long.class)
                    .setParameter("j", job.id)
                    .setParameter("d", destination)
                    .getResultList()
                    .isEmpty();
            if (!exists) {
                ExportRecord export = new ExportRecord();
                export.jobId = job.id;
                export.destination = destination;
                export.nextAttemptAt = clock.instant();
                session.persist(export);
            }
        }
    }
}

package org.aiworklist.routes.jobs;

import java.util.List;
import org.aiworklist.routes.assembly.IndexedSeries;
import org.aiworklist.routes.assembly.StudyAssembly;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.InstanceRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.SeriesRecord;
import org.hibernate.Session;

/** The instances a job runs on: the series its rule selects, without conflicting duplicates. */
final class JobInputs {
    private JobInputs() {}

    static List<InstanceRecord> of(Session session, JobRecord job, NodeConfiguration config) {
        NodeConfiguration.Rule rule = config.rules().stream()
                .filter(r -> r.name().equals(job.ruleName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("rule '" + job.ruleName + "' is no longer configured"));
        SeriesRecord selected = StudyAssembly.selectSeries(rule, IndexedSeries.ofStudy(session, job.studyInstanceUid))
                .orElseThrow(() -> new IllegalStateException(
                        "the study no longer holds a series rule '" + rule.name() + "' accepts"));
        return session.createSelectionQuery(
                        "from InstanceRecord where seriesInstanceUid = :s and conflict = false"
                                + " order by instanceNumber, sopInstanceUid",
                        InstanceRecord.class)
                .setParameter("s", selected.seriesInstanceUid)
                .getResultList();
    }
}

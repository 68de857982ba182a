package org.aiworklist.routes.camel;

import org.aiworklist.routes.assembly.StudyAssembly;
import org.aiworklist.routes.jobs.ExportStage;
import org.aiworklist.routes.jobs.InferenceStage;
import org.aiworklist.routes.jobs.JobFailures;
import org.aiworklist.routes.jobs.ReportStage;
import org.aiworklist.routes.retention.RetentionSweep;
import org.apache.camel.builder.RouteBuilder;

import java.util.Optional;

/**
 * The node's data flow, one route per stage:
 * study assembly -> inference -> reports -> export, with a retry timer feeding export again.
 * Each stage's state is committed to the database before the next stage sees the job, so a restart
 * resumes from there (see JobRecovery). Errors are handled in one place per route: the job is marked FAILED.
 * The REST API beside them is {@link ApiRoutes}.
 */
public final class NodeRoutes extends RouteBuilder {
    static final String JOB_ID = "jobId";
    private final StudyAssembly assembly;
    private final InferenceStage inference;
    private final ReportStage reports;
    private final ExportStage export;
    private final JobFailures failures;
    private final Optional<RetentionSweep> retention;

    /** @param retention empty when finished studies are kept forever (retentionDays 0) */
    public NodeRoutes(StudyAssembly assembly, InferenceStage inference, ReportStage reports, ExportStage export,
                      JobFailures failures, Optional<RetentionSweep> retention) {
        this.assembly = assembly;
        this.inference = inference;
        this.reports = reports;
        this.export = export;
        this.failures = failures;
        this.retention = retention;
    }

    @Override
    public void configure() {
        from("timer:study-assembly?period=1000&delay=500").routeId("study-assembly")
                .bean(assembly, "completeReadyStudies")
                .split(body())
                .to("seda:inference");

        from("seda:inference?size=10000").routeId("inference")
                .onException(Exception.class).handled(true)
                    .bean(failures, "inferenceFailed")
                .end()
                .setHeader(JOB_ID, body())
                .bean(inference, "infer")
                .to("seda:reports");

        from("seda:reports?size=10000").routeId("reports")
                .onException(Exception.class).handled(true)
                    .bean(failures, "reportFailed")
                .end()
                .bean(reports, "write")
                .to("seda:export");

        from("seda:export?size=10000").routeId("export")
                .onException(Exception.class).handled(true)
                    .bean(failures, "exportFailed")
                .end()
                .setHeader(JOB_ID, body())
                .bean(export, "deliver");

        from("timer:export-retry?period=2000&delay=1000").routeId("export-retry")
                .bean(export, "dueJobs")
                .split(body())
                .to("seda:export");

        retention.ifPresent(sweep -> from("timer:retention?period=3600000&delay=60000").routeId("retention")
                .bean(sweep, "sweep"));
    }
}

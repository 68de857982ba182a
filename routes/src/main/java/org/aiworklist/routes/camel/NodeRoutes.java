package org.aiworklist.routes.camel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aiworklist.routes.assembly.StudyAssembly;
import org.aiworklist.routes.config.NodeConfiguration.Destination;
import org.aiworklist.routes.config.NodeConfiguration.Role;
import org.aiworklist.routes.jobs.DraftStage;
import org.aiworklist.routes.jobs.ExportStage;
import org.aiworklist.routes.jobs.InferenceStage;
import org.aiworklist.routes.jobs.JobDispatch;
import org.aiworklist.routes.jobs.JobFailures;
import org.aiworklist.routes.jobs.ReportStage;
import org.aiworklist.routes.jobs.TriageEscalation;
import org.aiworklist.routes.retention.RetentionSweep;
import org.apache.camel.builder.RouteBuilder;

/**
 * The node's data flow, one route per stage: study assembly -> inference (most urgent job first, a triage verdict
 * raising the study's priority) -> reports -> export, where export is one
 * route per destination, each with its own queue and consumers, so a slow, hung or down destination delays only its
 * own exports. The reports stage and the export-retry timer claim the exports that are due and a dispatch route puts
 * each on its destination's queue; a claimed export is never queued again until its attempt is recorded.
 * Each stage's state is committed to the database before the next stage sees the job, so a restart resumes from
 * there (see JobRecovery). Errors of every route here go to one error handler ({@link JobFailures}).
 * With a broker configured, the hand-offs between processes (new job -> inference, results -> export) go through
 * it ({@link BrokerQueues}) and each process runs only the stages of its roles; drafts run where exports do.
 * A generative-report model's jobs leave the inference route for the draft stage: the draft-retry timer claims the
 * drafts that are due, and each model's own route asks its endpoint and, once a draft is written, claims its exports
 * like the reports route does; another job's results never wait for a draft.
 * The REST API beside them is {@link ApiRoutes}.
 */
public final class NodeRoutes extends RouteBuilder {
    /** The header naming the job a stage works on; absent when an inference wake-up found no job. */
    public static final String JOB_ID = "jobId";

    public static final String INFERENCE_ROUTE = "inference";
    public static final String REPORTS_ROUTE = "reports";
    private static final String DISPATCH = "direct:export-dispatch";
    private static final String REPORTS = "direct:reports";
    /** camel-jms sends it as the message's priority (the job producer preserves the message's QoS headers). */
    private static final String JMS_PRIORITY = "JMSPriority";

    private static final String DRAFT_DISPATCH = "direct:draft-dispatch";
    private final StudyAssembly assembly;
    private final InferenceStage inference;
    private final TriageEscalation triage;
    private final ReportStage reports;
    private final ExportStage export;
    private final ExportQueues queues;
    private final DraftStage drafts;
    private final DraftQueues draftQueues;
    private final JobFailures failures;
    private final Optional<RetentionSweep> retention;

    private final Set<Role> roles;
    private final Optional<JobDispatch> dispatch;

    /**
     * @param retention empty when finished studies are kept forever (retentionDays 0)
     * @param roles     the stages this process runs
     * @param dispatch  the broker hand-off of jobs; empty: one process with in-memory queues between the stages
     */
    public NodeRoutes(
            StudyAssembly assembly,
            InferenceStage inference,
            TriageEscalation triage,
            ReportStage reports,
            ExportStage export,
            List<Destination> destinations,
            DraftStage drafts,
            Map<String, Integer> draftConcurrency,
            JobFailures failures,
            Optional<RetentionSweep> retention,
            Set<Role> roles,
            Optional<JobDispatch> dispatch) {
        this.assembly = assembly;
        this.inference = inference;
        this.triage = triage;
        this.reports = reports;
        this.export = export;
        this.queues = new ExportQueues(destinations);
        this.drafts = drafts;
        this.draftQueues = new DraftQueues(draftConcurrency);
        this.failures = failures;
        this.retention = retention;
        this.roles = roles;
        this.dispatch = dispatch;
    }

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .choice()
                .when(body().isInstanceOf(ExportStage.Claim.class))
                .bean(failures, "exportFailed")
                .when(body().isInstanceOf(DraftStage.Claim.class))
                .bean(failures, "draftFailed")
                .when(header(JOB_ID).isNotNull())
                .bean(failures, "jobFailed")
                .otherwise()
                .bean(failures, "routeFailed")
                .end();

        if (dispatch.isPresent()) {
            distributed(dispatch.get());
        } else {
            singleProcess();
        }
    }

    /** Every stage in this process, handing jobs on through in-memory queues. */
    private void singleProcess() {
        from("timer:study-assembly?period=1000&delay=500")
                .routeId("study-assembly")
                .bean(assembly, "completeReadyStudies")
                .split(body())
                .to("seda:inference");

        // A message here only says that a job waits: the stage takes the most urgent one from the database.
        from("seda:inference?size=10000")
                .routeId(INFERENCE_ROUTE)
                .bean(inference, "claimNext")
                .filter(body().isNotNull())
                .setHeader(JOB_ID, body())
                .choice()
                .when(method(drafts, "isDraftJob"))
                .bean(drafts, "queue") // the draft-retry timer claims it once the study's other models are done
                .otherwise()
                .bean(inference, "infer")
                .bean(triage, "escalate")
                .to("seda:reports");

        // Should a wake-up be lost (a claim that failed), waiting jobs are still taken.
        from("timer:inference-wake?period=10000&delay=10000")
                .routeId("inference-wake")
                .bean(inference, "anyQueued")
                .filter(body().isEqualTo(true))
                .to("seda:inference");

        from("seda:reports?size=10000")
                .routeId(REPORTS_ROUTE)
                .bean(reports, "write")
                .removeHeader(JOB_ID) // the results are committed: what fails from here, the export timer retries
                .bean(export, "claimJob")
                .to(DISPATCH);

        exportRoutes();
        retentionRoute();
    }

    /**
     * This process's roles, handing jobs to other processes through the broker: the ingest node puts each new job
     * on the job queue, a worker runs model and reports in one broker transaction and tells the export nodes.
     */
    private void distributed(JobDispatch jobs) {
        if (roles.contains(Role.INGEST)) {
            from("timer:study-assembly?period=1000&delay=500")
                    .routeId("study-assembly")
                    .bean(assembly, "completeReadyStudies");

            from("timer:job-dispatch?period=1000&delay=1000")
                    .routeId("job-dispatch")
                    .bean(jobs, "undispatched")
                    .split(body())
                    .setHeader(JMS_PRIORITY, simple("${body.jmsPriority()}"))
                    .setBody(simple("${body.jobId()}", String.class))
                    .to(BrokerQueues.JOBS_PRODUCER)
                    .bean(jobs, "dispatched");
            retentionRoute();
        }
        if (roles.contains(Role.INFERENCE)) {
            // A generative model's job only becomes a pending draft here: the export node's draft stage asks the
            // endpoint (see docs/scaling.md).
            from(BrokerQueues.JOBS_CONSUMER)
                    .routeId(INFERENCE_ROUTE)
                    .convertBodyTo(Long.class)
                    .bean(inference, "claim")
                    .filter(body().isNotNull())
                    .setHeader(JOB_ID, body())
                    .choice()
                    .when(method(drafts, "isDraftJob"))
                    .bean(drafts, "queue")
                    .otherwise()
                    .bean(inference, "infer")
                    .bean(triage, "escalate")
                    .to(REPORTS)
                    .convertBodyTo(String.class)
                    .to(BrokerQueues.RESULTS_PRODUCER);

            // in the worker's broker transaction: the job is taken off the queue only once its results are committed
            from(REPORTS)
                    .routeId(REPORTS_ROUTE)
                    .bean(reports, "write")
                    .removeHeader(JOB_ID); // the results are committed: what fails from here, the export timer retries
        }
        if (roles.contains(Role.EXPORT)) {
            from(BrokerQueues.RESULTS_CONSUMER)
                    .routeId("results-received")
                    .convertBodyTo(Long.class)
                    .bean(export, "claimJob")
                    .to(DISPATCH);
            exportRoutes();
        }
    }

    /** Claimed exports to their destination's queue; the retry timer claims what is due. */
    private void exportRoutes() {
        from("timer:export-retry?period=2000&delay=1000")
                .routeId("export-retry")
                .bean(export, "claimDue")
                .to(DISPATCH);

        from(DISPATCH).routeId("export-dispatch").split(body()).recipientList(method(queues, "uriOf"));

        from("timer:draft-retry?period=2000&delay=1500")
                .routeId("draft-retry")
                .bean(drafts, "claimDue")
                .to(DRAFT_DISPATCH);

        from(DRAFT_DISPATCH).routeId("draft-dispatch").split(body()).recipientList(method(draftQueues, "uriOf"));

        for (ExportQueues.Queue queue : draftQueues.all()) {
            from(queue.uri())
                    .routeId(queue.routeId())
                    .bean(drafts, "request") // the job's id once its draft is written, else null
                    .filter(body().isNotNull())
                    .bean(export, "claimJob")
                    .to(DISPATCH);
        }

        for (ExportQueues.Queue queue : queues.all()) {
            from(queue.uri()).routeId(queue.routeId()).bean(export, "deliver");
        }
    }

    private void retentionRoute() {
        retention.ifPresent(sweep -> from("timer:retention?period=3600000&delay=60000")
                .routeId("retention")
                .bean(sweep, "sweep"));
    }
}

package org.aiworklist.routes.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.aiworklist.audit.AuditLog;
import org.aiworklist.dicom.IntakeObserver;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;

/**
 * The node's metrics for Prometheus ({@code GET /metrics}): intake, jobs, stage times, export attempts, queue
 * depths and spool space, Camel's route metrics, and the JVM's own: this process's work. Beside them, the work of
 * every node sharing the database ({@link ClusterJobs}). Nothing here carries patient data: labels are AE titles,
 * destination names, node names, states, priorities and stages.
 */
public final class NodeMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final StageTimers stages = new StageTimers(registry);
    /** Read at most every few seconds: several Prometheus servers may scrape every node. */
    private final ClusterJobs cluster;

    private final Database database;

    public NodeMetrics(Database database, Path spool) {
        this.database = database;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder(
                        "aiworklist.queue.depth",
                        this,
                        m -> m.count("select count(*) from JobRecord where state = :s", JobRecord.State.QUEUED))
                .description("jobs waiting for inference (queue=inference), deliveries due or retrying (queue=export)")
                .tag("queue", "inference")
                .register(registry);
        Gauge.builder(
                        "aiworklist.queue.depth",
                        this,
                        m -> m.count("select count(*) from ExportRecord where state = :s", ExportRecord.State.PENDING))
                .tag("queue", "export")
                .register(registry);
        Gauge.builder("aiworklist.spool.free", spool, NodeMetrics::usableSpace)
                .description("usable space on the spool's file system")
                .baseUnit("bytes")
                .register(registry);
        database.watch(new JobMetrics(registry, stages));
        this.cluster = new ClusterJobs(registry, database, Duration.ofSeconds(5), System::nanoTime);
    }

    /** Counts every C-STORE the Storage SCP answers. */
    /** Counts what the audit trail wrote, sent to syslog, and lost (queue=events: in neither; queue=syslog). */
    public void instrument(AuditLog audit) {
        FunctionCounter.builder("aiworklist.audit.dropped", audit, AuditLog::dropped)
                .description("audit messages lost: events (queue full, in neither file nor syslog), syslog (file only)")
                .tag("queue", "events")
                .register(registry);
        FunctionCounter.builder("aiworklist.audit.dropped", audit, AuditLog::syslogDropped)
                .tag("queue", "syslog")
                .register(registry);
        FunctionCounter.builder("aiworklist.audit.written", audit, AuditLog::written)
                .description("audit messages written to the audit file")
                .register(registry);
        FunctionCounter.builder("aiworklist.audit.sent", audit, AuditLog::sent)
                .description("audit messages sent to syslog")
                .register(registry);
        Gauge.builder("aiworklist.audit.syslog.backlog", audit, AuditLog::syslogBacklog)
                .description("audit messages waiting for syslog")
                .register(registry);
    }

    public IntakeObserver intake() {
        return new IntakeMetrics(registry);
    }

    /** Camel's route metrics (camel-micrometer) and the route-timed stages, for every route added after this. */
    public void instrument(CamelContext camel) {
        MicrometerRoutePolicyFactory routes = new MicrometerRoutePolicyFactory();
        routes.setMeterRegistry(registry);
        camel.addRoutePolicyFactory(routes);
        camel.addRoutePolicyFactory(new StageRoutePolicyFactory(stages));
    }

    /** The text exposition format; one scrape at a time, so none sees the cluster's gauges half replaced. */
    public synchronized String scrape() {
        cluster.refresh();
        return registry.scrape();
    }

    private double count(String query, Enum<?> state) {
        try {
            return database.fromTransaction(session -> session.createSelectionQuery(query, Long.class)
                    .setParameter("s", state)
                    .getSingleResult());
        } catch (RuntimeException e) {
            return Double.NaN; // the database is closing or away: no reading rather than a wrong one
        }
    }

    private static double usableSpace(Path spool) {
        try {
            return Files.getFileStore(spool).getUsableSpace();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}

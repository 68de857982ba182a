package org.aiworklist.routes.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aiworklist.audit.AuditLog;
import org.aiworklist.common.OwnerOnly;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.common.audit.AuditTrail;
import org.aiworklist.dicom.StorageScp;
import org.aiworklist.dicom.StorageScpConfig;
import org.aiworklist.dicom.StorageScu;
import org.aiworklist.routes.api.ApiRequestGuard;
import org.aiworklist.routes.api.ApiResponseHeaders;
import org.aiworklist.routes.api.LiveEvents;
import org.aiworklist.routes.api.MetricsApi;
import org.aiworklist.routes.api.NodeApi;
import org.aiworklist.routes.api.PendingChanges;
import org.aiworklist.routes.api.PlatformErrorResponses;
import org.aiworklist.routes.api.WebPage;
import org.aiworklist.routes.api.WorklistApi;
import org.aiworklist.routes.assembly.StudyAssembly;
import org.aiworklist.routes.audit.AuditTrails;
import org.aiworklist.routes.camel.ApiRoutes;
import org.aiworklist.routes.camel.BrokerQueues;
import org.aiworklist.routes.camel.ClusterLiveEvents;
import org.aiworklist.routes.camel.NodeRoutes;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.jobs.DraftStage;
import org.aiworklist.routes.jobs.ExportStage;
import org.aiworklist.routes.jobs.InferenceStage;
import org.aiworklist.routes.jobs.JobDispatch;
import org.aiworklist.routes.jobs.JobFailures;
import org.aiworklist.routes.jobs.JobRecovery;
import org.aiworklist.routes.jobs.ReportStage;
import org.aiworklist.routes.jobs.StorageCommitments;
import org.aiworklist.routes.jobs.TriageEscalation;
import org.aiworklist.routes.metrics.NodeMetrics;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.IngestIndex;
import org.aiworklist.routes.retention.PurgedCopies;
import org.aiworklist.routes.retention.RetentionSweep;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.seda.SedaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node, wired: Storage SCP -> index -> Camel routes (assembly, inference, reports, export) -> Storage SCU,
 * with the REST API beside them. Every acknowledged instance is in the spool, and in the database soon after (what
 * a crash left unindexed is indexed before the SCP listens), so intake may start before the routes; shutdown stops
 * intake first.
 */
public final class NodeApplication implements AutoCloseable {
    /** Reported as the node's Software Versions in every output: the version this build was made as. */
    public static final String SOFTWARE_VERSION = BuildInfo.version();

    private static final Logger log = LoggerFactory.getLogger(NodeApplication.class);
    private static final int SEDA_POLL_MILLIS = 100;
    private final NodeConfiguration config;
    private final Database database;
    private final InstalledModels models;
    private final CamelContext camel;
    /** Only on a node with the ingest role. */
    private final Optional<StorageScp> scp;

    private final ExportStage export;
    private final DraftStage drafts;
    private final NodeMetrics metrics;
    private final LiveEvents live;
    /** Null without an audit section in the configuration. */
    private final AuditLog auditLog;

    private final AuditTrail audit;
    private VertxPlatformHttpRouter router;

    public NodeApplication(NodeConfiguration config) throws Exception {
        this(config, System.getenv());
    }

    /** The node, reading generative-report models' API keys from the given environment. */
    public NodeApplication(NodeConfiguration config, Map<String, String> environment) throws Exception {
        this.config = config;
        for (Path root : List.of(
                config.storage().spool(),
                config.storage().quarantine(),
                config.storage().results())) {
            // A root that is owner-only was made so by this version, which creates everything under it owner-only:
            // only a root left readable by an earlier version is walked, once, not the whole spool at every start.
            boolean leftReadable = Files.exists(root) && !OwnerOnly.isOwnerOnly(root);
            OwnerOnly.createDirectories(root);
            if (leftReadable) {
                OwnerOnly.tighten(root);
            }
        }
        this.auditLog = AuditTrails.open(config);
        this.audit = auditLog == null ? AuditTrail.NONE : auditLog;
        if (auditLog == null) {
            log.info("no audit trail: the configuration has no audit section");
        }
        this.models = InstalledModels.load(config, environment);
        this.database = new Database(
                config.database().jdbcUrl(),
                config.database().user(),
                config.database().password());
        Clock clock = Clock.systemUTC();
        StudyAssembly assembly = new StudyAssembly(database, config, models::versionOf, models::isTriage, clock);
        StorageCommitments commitments = new StorageCommitments(database, config, clock);
        this.export =
                new ExportStage(database, config, new StorageScu(config.device().aeTitle()), commitments, clock, audit);
        this.drafts = new DraftStage(database, config, models, SOFTWARE_VERSION, clock);
        Map<String, Integer> draftConcurrency = new LinkedHashMap<>();
        models.generativeModels()
                .forEach((id, m) ->
                        draftConcurrency.put(id, m.manifest().endpoint().concurrency()));
        NodeRoutes routes = new NodeRoutes(
                assembly,
                new InferenceStage(database, config, models, clock),
                new TriageEscalation(database, models::escalation),
                new ReportStage(database, config, SOFTWARE_VERSION, clock),
                export,
                config.destinations(),
                drafts,
                draftConcurrency,
                new JobFailures(database, export, drafts),
                Optional.of(config.storage().retentionDays())
                        .filter(days -> days > 0)
                        .map(days -> new RetentionSweep(database, days, clock)),
                config.roles(),
                Optional.ofNullable(config.broker()).map(broker -> new JobDispatch(database, clock)));
        this.metrics = new NodeMetrics(database, config.storage().spool());
        if (auditLog != null) {
            metrics.instrument(auditLog);
        }
        ApiRequestGuard guard = new ApiRequestGuard(config.http(), audit);
        boolean cors = !config.http().corsOrigins().isEmpty();
        this.live = new LiveEvents(guard, cors);
        database.watch(live.changes());
        ApiRoutes api = new ApiRoutes(
                new NodeApi(database, assembly, export),
                new WorklistApi(database, config, export, models),
                new WebPage(),
                guard.loginApi(),
                new MetricsApi(metrics),
                live,
                guard,
                new ApiResponseHeaders(cors),
                audit,
                database);
        this.camel = new DefaultCamelContext();
        camel.getShutdownStrategy().setTimeout(30);
        // A stop waits, queue by queue, for each queue's consumers to end their current poll: short polls make a
        // stop take a fraction of a second instead of about a second per queue.
        camel.getComponent("seda", SedaComponent.class).setDefaultPollTimeout(SEDA_POLL_MILLIS);
        metrics.instrument(camel);
        VertxPlatformHttpServerConfiguration http = new VertxPlatformHttpServerConfiguration();
        http.setBindHost(config.http().bindAddress());
        http.setBindPort(config.http().port());
        if (config.http().https() != null) {
            http.setSslContextParameters(HttpsListener.parameters(config.http().https()));
        }
        camel.addService(new VertxPlatformHttpServer(http));
        if (config.broker() != null) {
            BrokerQueues.install(camel, config.broker());
            PendingChanges ownChanges = new PendingChanges();
            database.watch(ownChanges);
            camel.addRoutes(new ClusterLiveEvents(
                    ownChanges, live.changes(), config.device().name()));
        }
        camel.addRoutes(routes);
        camel.addRoutes(api);
        this.scp = config.has(NodeConfiguration.Role.INGEST)
                ? Optional.of(storageScp(commitments, clock))
                : Optional.empty();
    }

    /** The Storage SCP of an ingest node, indexing what it receives. */
    private StorageScp storageScp(StorageCommitments commitments, Clock clock) {
        IngestIndex index = new IngestIndex(
                database,
                clock,
                config.assembly().lateArrivals() == NodeConfiguration.LateArrivalPolicy.RERUN,
                config.storage().maxQueuedJobs());
        NodeConfiguration.Device device = config.device();
        StorageScp scp = new StorageScp(
                new StorageScpConfig(
                        device.aeTitle(),
                        device.bindAddress(),
                        device.port(),
                        config.storage().spool(),
                        config.storage().quarantine(),
                        config.sources(),
                        device.associations(),
                        config.storage().minFreeDiskBytes(),
                        device.sopClasses(),
                        config.ingest()),
                new PurgedCopies(index, database),
                index,
                commitments,
                metrics.intake());
        if (device.tls() != null) {
            scp.withTls(device.tls().context(), device.tls().port());
        }
        if (!device.plainPort()) {
            scp.withoutPlainPort();
        }
        scp.withAuditTrail(audit);
        return scp;
    }

    /** Intake first, then the routes and the REST API: once /health answers, the node accepts studies. */
    public void start() throws IOException {
        if (scp.isPresent()) {
            scp.get().start();
        }
        JobRecovery recovery = new JobRecovery(database, export, drafts);
        recovery.releaseClaims(); // before the export timer can claim anything
        requireHttpPortFree();
        camel.start();
        // The platform's router exists once Camel has started its HTTP server.
        router = VertxPlatformHttpRouter.lookup(
                camel,
                VertxPlatformHttpRouter.getRouterNameFromPort(config.http().port()));
        PlatformErrorResponses.install(router);
        live.install(router);
        if (config.broker() == null) {
            recovery.resume(camel.createProducerTemplate());
        } // else the job rows and the broker's queue hold the work: see JobDispatch
        audit.record(new AuditEvent.ApplicationActivity(
                Instant.now(), true, config.device().aeTitle()));
        log.info(
                "node {} ({}) listening: DICOM {}, HTTP {}:{}",
                config.device().name(),
                config.roles(),
                scp.map(this::dicomPorts).orElse("none"),
                config.http().bindAddress(),
                config.http().port());
    }

    /**
     * Vert.x reports a port it cannot bind on its event loop and Camel starts all the same, so the port is tried
     * first: a node must not take studies with no API, page, health check or metrics, while requests meant for it
     * reach whatever holds the port.
     */
    private void requireHttpPortFree() throws IOException {
        int port = config.http().port();
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(config.http().bindAddress(), port));
        } catch (IOException e) {
            throw new IOException(
                    "HTTP cannot listen on " + config.http().bindAddress() + ":" + port
                            + " (http.port, http.bindAddress): " + e.getMessage(),
                    e);
        }
    }

    /**
     * What the HTTP server answers, as "METHOD path" with Vert.x's path syntax ({@code :id} for a parameter): Camel's
     * routes and the event stream. For checking the API's description against what is served; once started.
     */
    List<String> httpOperations() {
        return router.getRoutes().stream()
                .filter(route -> route.getPath() != null && route.methods() != null)
                .flatMap(route -> route.methods().stream().map(method -> method.name() + " " + route.getPath()))
                .distinct()
                .sorted()
                .toList();
    }

    /** Waits until every instance acknowledged so far is in the index; false when {@code timeout} passed first. */
    public boolean awaitIndexed(Duration timeout) throws InterruptedException {
        return scp.orElseThrow().awaitIndexed(timeout);
    }

    /** Where the Storage SCP listens, for the start-up line: plain and TLS ports as configured. */
    private String dicomPorts(StorageScp s) {
        NodeConfiguration.Device device = config.device();
        List<String> ports = new ArrayList<>();
        if (device.plainPort()) {
            ports.add("port " + s.port());
        }
        if (device.tls() != null) {
            ports.add("TLS port " + s.tlsPort());
        }
        return device.bindAddress() + " " + String.join(", ", ports) + " (AE " + device.aeTitle() + ")";
    }

    /** The Storage SCP's actual port (differs from the configuration when that says 0). */
    public int dicomPort() {
        return scp.orElseThrow().port();
    }

    /** The Storage SCP's actual DICOM TLS port; only when device.tls is configured. */
    public int dicomTlsPort() {
        return scp.orElseThrow().tlsPort();
    }

    @Override
    public void close() {
        scp.ifPresent(StorageScp::close);
        live.close();
        camel.stop();
        metrics.close();
        database.close();
        if (scp.isPresent()) {
            try {
                scp.get().markCleanStop(); // only now is everything the index recorded durable
            } catch (IOException e) {
                log.warn("clean stop not recorded, the next start checks the whole spool: {}", e.toString());
            }
        }
        models.close();
        audit.record(new AuditEvent.ApplicationActivity(
                Instant.now(), false, config.device().aeTitle()));
        if (auditLog != null) {
            auditLog.close();
        }
        log.info("node {} stopped", config.device().name());
    }
}

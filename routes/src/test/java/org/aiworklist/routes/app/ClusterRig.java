package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.aiworklist.routes.broker.EmbeddedBroker;
import org.aiworklist.routes.persistence.PostgresCluster;

/**
 * What several node processes share, on this machine: a throwaway PostgreSQL, an embedded Artemis broker (stopped
 * and started at will, its journal kept), a shared spool and results folder, and a PACS (dcmtk storescp, a file per
 * object received, so an object sent twice shows as two files). Nodes are child JVMs made from
 * conf/examples/cluster-*.yaml or the single-box default.
 */
final class ClusterRig implements AutoCloseable {
    static final String PACS_AE = "CLUSTERPACS";
    private final Path dir;
    private final PostgresCluster database;
    private final int brokerPort;
    private final Path received;
    private final Process pacs;
    private final Map<String, String> shared = new HashMap<>();
    private final List<ChildNode> nodes = new ArrayList<>();
    private EmbeddedBroker broker;

    private ClusterRig(Path dir, PostgresCluster database, int brokerPort, int pacsPort, Process pacs)
            throws IOException {
        this.dir = dir;
        this.database = database;
        this.brokerPort = brokerPort;
        this.received = dir.resolve("pacs");
        this.pacs = pacs;
        shared.put("AIWORKLIST_DATABASE_JDBCURL", database.jdbcUrl());
        shared.put("AIWORKLIST_DATABASE_USER", "postgres");
        shared.put("AIWORKLIST_DATABASE_PASSWORD", "");
        shared.put("AIWORKLIST_STORAGE_SPOOL", dir.resolve("shared/spool").toString());
        shared.put("AIWORKLIST_STORAGE_RESULTS", dir.resolve("shared/results").toString());
        shared.put("AIWORKLIST_DESTINATIONS_0_HOST", "127.0.0.1");
        shared.put("AIWORKLIST_DESTINATIONS_0_AETITLE", PACS_AE);
        shared.put("AIWORKLIST_DESTINATIONS_0_PORT", String.valueOf(pacsPort));
        shared.put("AIWORKLIST_ASSEMBLY_QUIETPERIODSECONDS", "2");
        shared.put("AIWORKLIST_RULES_0_REQUIREDSERIES_MINSLICES", "20");
        shared.put("AIWORKLIST_DEVICE_CONNECTION_BINDADDRESS", "127.0.0.1");
    }

    static ClusterRig start(Path dir) throws Exception {
        int pacsPort = NodeHarness.freePort();
        Path received = Files.createDirectories(dir.resolve("pacs"));
        // +uf: every object received gets a file of its own
        Process pacs = NodeHarness.dcmtk(
                "storescp", "-aet", PACS_AE, "-od", received.toString(), "+xa", "+uf", String.valueOf(pacsPort));
        ClusterRig rig = new ClusterRig(dir, PostgresCluster.startInstalled(), NodeHarness.freePort(), pacsPort, pacs);
        rig.startBroker();
        return rig;
    }

    void startBroker() throws Exception {
        broker = new EmbeddedBroker("127.0.0.1", brokerPort, dir.resolve("broker")).start();
    }

    void stopBroker() throws Exception {
        broker.close();
        broker = null;
    }

    /**
     * A node of the cluster (not started): its own folder, log and HTTP port, the shared database, folders and PACS.
     *
     * @param configFile a file under conf/examples, or null for the single-box default (no broker, every role)
     */
    NodeHarness node(String name, String configFile) throws IOException {
        NodeHarness harness = new NodeHarness(Files.createDirectories(dir.resolve(name)), PACS_AE, 0);
        harness.env.putAll(shared);
        harness.env.put("AIWORKLIST_DEVICE_NAME", name);
        if (configFile != null) {
            harness.configFile = Path.of("../conf/examples", configFile);
            harness.env.put("AIWORKLIST_BROKER_URL", "tcp://127.0.0.1:" + brokerPort);
        }
        return harness;
    }

    /**
     * Launches every node at once and waits until each answers; they stop with the rig. On an empty shared database
     * one of them migrates it while the others wait for its lock.
     */
    List<ChildNode> launch(Map<String, NodeHarness> harnesses) throws Exception {
        List<ChildNode> launched = new ArrayList<>();
        for (Map.Entry<String, NodeHarness> e : harnesses.entrySet()) {
            ChildNode child = new ChildNode(e.getValue(), e.getKey()).launch();
            nodes.add(child);
            launched.add(child);
        }
        for (ChildNode child : launched) {
            child.awaitUp(Duration.ofMinutes(3)); // several JVMs starting at once on two shared cores
        }
        return launched;
    }

    /** A job row as read from the shared database. */
    record Job(
            String state,
            String inferredBy,
            boolean dispatched,
            Instant createdAt,
            Instant inferenceStartedAt,
            Instant resultsReadyAt,
            Instant doneAt) {
        boolean ranOn(String worker) {
            return worker.equals(inferredBy);
        }

        boolean inInference() {
            return state.equals("INFERRING");
        }

        boolean hasResults() {
            return List.of("RESULTS_READY", "SENDING", "DONE").contains(state);
        }

        boolean isDone() {
            return state.equals("DONE");
        }
    }

    Map<Long, Job> jobs() throws SQLException {
        Map<Long, Job> jobs = new HashMap<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select id, state, inferredBy, dispatchedAt, createdAt,"
                        + " inferenceStartedAt, resultsReadyAt, doneAt from job")) {
            while (rows.next()) {
                jobs.put(
                        rows.getLong(1),
                        new Job(
                                rows.getString(2),
                                rows.getString(3),
                                rows.getTimestamp(4) != null,
                                instant(rows.getTimestamp(5)),
                                instant(rows.getTimestamp(6)),
                                instant(rows.getTimestamp(7)),
                                instant(rows.getTimestamp(8))));
            }
        }
        return jobs;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Polls the job table until the condition holds or the time is up; returns the last reading. */
    Map<Long, Job> await(Predicate<Map<Long, Job>> condition, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Map<Long, Job> jobs = jobs();
        while (!condition.test(jobs) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            jobs = jobs();
        }
        return jobs;
    }

    record Received(String sopInstanceUid, String studyUid, String modality) {}

    /** What the PACS stored, one entry per file, read back with dcmdump. */
    List<Received> received() throws Exception {
        List<Received> objects = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(received)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            Process dump = new ProcessBuilder(
                            "dcmdump", "-q", "+P", "0008,0018", "+P", "0020,000d", "+P", "0008,0060", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(dump.waitFor(30, TimeUnit.SECONDS) && dump.exitValue() == 0, "dcmdump " + file + ": " + out);
            objects.add(new Received(value(out, "(0008,0018)"), value(out, "(0020,000d)"), value(out, "(0008,0060)")));
        }
        return objects;
    }

    /** The value between the brackets on dcmdump's line for the tag. */
    private static String value(String dump, String tag) {
        return dump.lines()
                .filter(line -> line.startsWith(tag))
                .map(line -> line.substring(line.indexOf('[') + 1, line.indexOf(']')))
                .findFirst()
                .orElse("");
    }

    /** Stops every node, the broker, the PACS and the database; the nodes' logs go to target/ (synthetic data). */
    @Override
    public void close() throws Exception {
        try {
            for (ChildNode child : nodes) {
                child.close();
            }
            keepLogs();
            if (broker != null) {
                broker.close();
            }
        } finally {
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
            database.close();
        }
    }

    private void keepLogs() throws IOException {
        Path kept = Files.createDirectories(Path.of("target/cluster-logs"));
        try (Stream<Path> logs =
                Files.find(dir, 2, (path, attributes) -> path.toString().endsWith(".log"))) {
            for (Path log : logs.toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}

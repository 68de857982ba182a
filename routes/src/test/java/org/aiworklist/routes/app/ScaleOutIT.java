package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.routes.broker.EmbeddedBroker;
import org.aiworklist.routes.persistence.PostgresCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's scale-out, as deployed: an embedded Artemis broker, a throwaway PostgreSQL, one ingest node and two
 * inference workers as child JVMs (conf/examples/cluster-*.yaml), sharing a spool and a results folder. Six studies
 * are split across both workers; one worker is killed (SIGKILL) mid-job, then the broker is stopped, a study arrives
 * while it is down, and it is started again: every study's results reach the PACS (dcmtk storescp) once.
 */
class ScaleOutIT {
    private static final String PACS_AE = "CLUSTERPACS";
    private static final String WORKER_1 = "worker-1";
    private static final String WORKER_2 = "worker-2";
    private static final int STUDIES = 6;

    @Test
    void sixStudiesOnTwoWorkersSurviveAKilledWorkerAndABrokerRestart(@TempDir Path dir) throws Exception {
        int brokerPort = NodeHarness.freePort();
        int pacsPort = NodeHarness.freePort();
        int ingestPort = NodeHarness.freePort();
        Path received = Files.createDirectories(dir.resolve("pacs"));
        // +uf: every object received gets a file of its own, so one sent twice would show as two files
        Process pacs = NodeHarness.dcmtk(
                "storescp", "-aet", PACS_AE, "-od", received.toString(), "+xa", "+uf", String.valueOf(pacsPort));
        EmbeddedBroker broker = null;
        List<ChildNode> nodes = new ArrayList<>();
        try (PostgresCluster database = PostgresCluster.startInstalled()) {
            broker = new EmbeddedBroker("127.0.0.1", brokerPort, dir.resolve("broker")).start();
            Map<String, String> shared = new HashMap<>();
            shared.put("AIWORKLIST_BROKER_URL", "tcp://127.0.0.1:" + brokerPort);
            shared.put("AIWORKLIST_DATABASE_JDBCURL", database.jdbcUrl());
            shared.put("AIWORKLIST_DATABASE_USER", "postgres");
            shared.put("AIWORKLIST_DATABASE_PASSWORD", "");
            shared.put("AIWORKLIST_STORAGE_SPOOL", dir.resolve("shared/spool").toString());
            shared.put(
                    "AIWORKLIST_STORAGE_RESULTS", dir.resolve("shared/results").toString());
            shared.put("AIWORKLIST_DESTINATIONS_0_HOST", "127.0.0.1");
            shared.put("AIWORKLIST_DESTINATIONS_0_AETITLE", PACS_AE);
            shared.put("AIWORKLIST_DESTINATIONS_0_PORT", String.valueOf(pacsPort));
            shared.put("AIWORKLIST_ASSEMBLY_QUIETPERIODSECONDS", "2");
            shared.put("AIWORKLIST_RULES_0_REQUIREDSERIES_MINSLICES", "20");
            shared.put("AIWORKLIST_DEVICE_CONNECTION_BINDADDRESS", "127.0.0.1");

            NodeHarness ingest = node(dir, "ingest-1", "cluster-ingest.yaml", shared);
            ingest.env.put("AIWORKLIST_DEVICE_CONNECTION_PORT", String.valueOf(ingestPort));
            NodeHarness worker1 = node(dir, WORKER_1, "cluster-worker.yaml", shared);
            NodeHarness worker2 = node(dir, WORKER_2, "cluster-worker.yaml", shared);
            ChildNode first = new ChildNode(worker1, WORKER_1);
            for (ChildNode child :
                    List.of(new ChildNode(ingest, "ingest-1"), first, new ChildNode(worker2, WORKER_2))) {
                nodes.add(child.launch());
            }
            for (ChildNode child : nodes) {
                child.awaitUp(Duration.ofMinutes(3)); // three JVMs starting at once on two shared cores
            }

            List<SyntheticStudy> studies = new ArrayList<>();
            for (int i = 0; i < STUDIES; i++) {
                studies.add(SyntheticStudy.write(
                        PhantomSpec.defaults().withSlices(30).withSeed(16_000 + i), dir.resolve("study-" + i), "2.25"));
            }
            for (SyntheticStudy study : studies.subList(0, STUDIES - 1)) {
                ingest.send(study, ingestPort);
            }

            // worker-1 has finished a job and is running another: kill it there
            Map<Long, Job> atKill = await(
                    database,
                    jobs -> jobs.values().stream().anyMatch(j -> j.ranOn(WORKER_1) && j.hasResults())
                            && jobs.values().stream().anyMatch(j -> j.ranOn(WORKER_1) && j.inInference()),
                    Duration.ofSeconds(90));
            first.kill();
            assertTrue(
                    atKill.values().stream().anyMatch(j -> j.ranOn(WORKER_1) && j.inInference()),
                    "worker-1 killed mid-job: " + atKill);

            // the broker goes away mid-flow; a study arriving meanwhile is acknowledged and its job kept for later
            broker.close();
            Map<Long, Job> whileDown = jobs(database);
            assertTrue(
                    whileDown.values().stream().filter(Job::isDone).count() < STUDIES - 1,
                    "the broker stopped mid-flow: " + whileDown);
            ingest.send(studies.get(STUDIES - 1), ingestPort);
            Map<Long, Job> heldBack = await(database, jobs -> jobs.size() == STUDIES, Duration.ofSeconds(30));
            assertTrue(
                    heldBack.values().stream().anyMatch(j -> j.state.equals("QUEUED") && !j.dispatched),
                    "a job made while the broker was down waits in the database: " + heldBack);
            broker = new EmbeddedBroker("127.0.0.1", brokerPort, dir.resolve("broker")).start();

            Map<Long, Job> end = await(
                    database,
                    jobs -> jobs.size() == STUDIES && jobs.values().stream().allMatch(Job::isDone),
                    Duration.ofMinutes(2));
            assertEquals(STUDIES, end.size(), "one job per study: " + end);
            assertTrue(end.values().stream().allMatch(Job::isDone), "every job DONE: " + end);
            Set<String> workers = new HashSet<>();
            end.values().forEach(j -> workers.add(j.inferredBy));
            assertEquals(Set.of(WORKER_1, WORKER_2), workers, "the work was split across both workers");

            List<Received> objects = receivedObjects(received);
            Set<String> sopInstances = new HashSet<>();
            objects.forEach(o -> sopInstances.add(o.sopInstanceUid()));
            assertEquals(objects.size(), sopInstances.size(), "no object reached the PACS twice: " + objects);
            Set<String> studiesWithSr = new HashSet<>();
            objects.stream().filter(o -> o.modality().equals("SR")).forEach(o -> studiesWithSr.add(o.studyUid()));
            Set<String> sent = new HashSet<>();
            studies.forEach(s -> sent.add(s.studyInstanceUid()));
            assertEquals(sent, studiesWithSr, "every study's report reached the PACS");
            assertEquals(
                    STUDIES,
                    objects.stream().filter(o -> o.modality().equals("SR")).count(),
                    "one report per study");
        } finally {
            for (ChildNode child : nodes) {
                child.close();
            }
            keepLogs(dir);
            if (broker != null) {
                broker.close();
            }
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The nodes' logs outlive the temporary folder, for reading after a failure (synthetic studies only). */
    private static void keepLogs(Path dir) throws java.io.IOException {
        Path kept = Files.createDirectories(Path.of("target/scale-out-logs"));
        try (Stream<Path> logs =
                Files.find(dir, 2, (path, attributes) -> path.toString().endsWith(".log"))) {
            for (Path log : logs.toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static NodeHarness node(Path dir, String name, String configFile, Map<String, String> shared)
            throws Exception {
        NodeHarness harness = new NodeHarness(Files.createDirectories(dir.resolve(name)), PACS_AE, 0);
        harness.configFile = Path.of("../conf/examples", configFile);
        harness.env.putAll(shared);
        harness.env.put("AIWORKLIST_DEVICE_NAME", name);
        return harness;
    }

    /** A job row as the test reads it from the shared database. */
    private record Job(String state, String inferredBy, boolean dispatched) {
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

    private static Map<Long, Job> jobs(PostgresCluster database) throws SQLException {
        Map<Long, Job> jobs = new HashMap<>();
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), "postgres", "");
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select id, state, inferredBy, dispatchedAt from job")) {
            while (rows.next()) {
                jobs.put(rows.getLong(1), new Job(rows.getString(2), rows.getString(3), rows.getTimestamp(4) != null));
            }
        }
        return jobs;
    }

    /** Polls the job table until the condition holds or the time is up; returns the last reading. */
    private static Map<Long, Job> await(
            PostgresCluster database, java.util.function.Predicate<Map<Long, Job>> condition, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        Map<Long, Job> jobs = jobs(database);
        while (!condition.test(jobs) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            jobs = jobs(database);
        }
        return jobs;
    }

    private record Received(String sopInstanceUid, String studyUid, String modality) {}

    /** What storescp wrote, read back with dcmdump. */
    private static List<Received> receivedObjects(Path folder) throws Exception {
        List<Received> objects = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            Process dump = new ProcessBuilder(
                            "dcmdump", "-q", "+P", "0008,0018", "+P", "0020,000d", "+P", "0008,0060", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(dump.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
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
}

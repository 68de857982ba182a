package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.routes.app.ClusterRig.Job;
import org.aiworklist.routes.app.ClusterRig.Received;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's scale-out, as deployed: an embedded Artemis broker, a throwaway PostgreSQL, one ingest node and two
 * inference workers as child JVMs (conf/examples/cluster-*.yaml), sharing a spool and a results folder. Six studies
 * are split across both workers; a worker is killed (SIGKILL) mid-job, then the broker is stopped, a study arrives
 * while it is down, and it is started again: every study's results reach the PACS (dcmtk storescp) once. Every
 * node's page and /metrics show every node's work.
 */
class ScaleOutIT {
    private static final String WORKER_1 = "worker-1";
    private static final String WORKER_2 = "worker-2";
    private static final int STUDIES = 6;

    /** The worker has finished a job and is running another, and the other worker has taken work too. */
    private static boolean killable(Map<Long, Job> jobs, String worker, String other) {
        return jobs.values().stream().anyMatch(j -> j.ranOn(worker) && j.hasResults())
                && jobs.values().stream().anyMatch(j -> j.ranOn(worker) && j.inInference())
                && jobs.values().stream().anyMatch(j -> j.ranOn(other));
    }

    /** The value of {@code aiworklist_cluster_jobs} for the node and state in a /metrics answer; -1 when absent. */
    private static double clusterJobs(String metrics, String node, String state) {
        String series = "aiworklist_cluster_jobs{node=\"" + node + "\",state=\"" + state + "\"} ";
        return metrics.lines()
                .filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length())))
                .findFirst()
                .orElse(-1);
    }

    /** Whether the node's /metrics shows, for each worker, as many DONE jobs as the database says it ran. */
    private static boolean showsEveryWorkersJobs(NodeHarness node, Map<Long, Job> jobs) throws Exception {
        String metrics = node.get("/metrics");
        for (String worker : List.of(WORKER_1, WORKER_2)) {
            long ran = jobs.values().stream()
                    .filter(j -> j.ranOn(worker) && j.isDone())
                    .count();
            if (clusterJobs(metrics, worker, "DONE") != ran) {
                return false;
            }
        }
        return true;
    }

    /** Waits, 20 s at most (events go every half second, gauges are read every 5 s), until the check holds. */
    private static boolean within20s(Check check) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!check.holds() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        return check.holds();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    @Test
    void sixStudiesOnTwoWorkersSurviveAKilledWorkerAndABrokerRestart(@TempDir Path dir) throws Exception {
        try (ClusterRig rig = ClusterRig.start(dir)) {
            int ingestPort = NodeHarness.freePort();
            NodeHarness ingest = rig.node("ingest-1", "cluster-ingest.yaml");
            ingest.env.put("AIWORKLIST_DEVICE_CONNECTION_PORT", String.valueOf(ingestPort));
            Map<String, NodeHarness> nodes = new LinkedHashMap<>();
            nodes.put("ingest-1", ingest);
            nodes.put(WORKER_1, rig.node(WORKER_1, "cluster-worker.yaml"));
            nodes.put(WORKER_2, rig.node(WORKER_2, "cluster-worker.yaml"));
            List<ChildNode> children = rig.launch(nodes);
            Map<String, ChildNode> workers = Map.of(WORKER_1, children.get(1), WORKER_2, children.get(2));
            // every node's page, open from the start
            Map<String, EventStream> pages = new LinkedHashMap<>();
            for (Map.Entry<String, NodeHarness> node : nodes.entrySet()) {
                pages.put(node.getKey(), EventStream.open(node.getValue().httpPort));
            }

            List<SyntheticStudy> studies = new ArrayList<>();
            for (int i = 0; i < STUDIES; i++) {
                studies.add(SyntheticStudy.write(
                        PhantomSpec.defaults().withSlices(30).withSeed(16_000 + i), dir.resolve("study-" + i), "2.25"));
            }
            for (SyntheticStudy study : studies.subList(0, STUDIES - 1)) {
                ingest.send(study, ingestPort);
            }

            // both workers have taken work, and one of them has finished a job and is running another: kill it there
            Map<Long, Job> atKill = rig.await(
                    jobs -> killable(jobs, WORKER_1, WORKER_2) || killable(jobs, WORKER_2, WORKER_1),
                    Duration.ofMinutes(3));
            String victim = killable(atKill, WORKER_1, WORKER_2) ? WORKER_1 : WORKER_2;
            workers.get(victim).kill();
            assertTrue(
                    killable(atKill, victim, victim.equals(WORKER_1) ? WORKER_2 : WORKER_1),
                    "a worker killed mid-job, after both took work: " + atKill);

            // the broker goes away mid-flow; a study arriving meanwhile is acknowledged and its job kept for later
            rig.stopBroker();
            Map<Long, Job> whileDown = rig.jobs();
            assertTrue(
                    whileDown.values().stream().filter(Job::isDone).count() < STUDIES - 1,
                    "the broker stopped mid-flow: " + whileDown);
            ingest.send(studies.get(STUDIES - 1), ingestPort);
            Map<Long, Job> heldBack = rig.await(jobs -> jobs.size() == STUDIES, Duration.ofSeconds(30));
            assertTrue(
                    heldBack.values().stream().anyMatch(j -> j.state().equals("QUEUED") && !j.dispatched()),
                    "a job made while the broker was down waits in the database: " + heldBack);
            rig.startBroker();

            Map<Long, Job> end = rig.await(
                    jobs -> jobs.size() == STUDIES && jobs.values().stream().allMatch(Job::isDone),
                    Duration.ofMinutes(2));
            assertEquals(STUDIES, end.size(), "one job per study: " + end);
            assertTrue(end.values().stream().allMatch(Job::isDone), "every job DONE: " + end);
            Set<String> ranOn = new HashSet<>();
            end.values().forEach(j -> ranOn.add(j.inferredBy()));
            assertEquals(Set.of(WORKER_1, WORKER_2), ranOn, "the work was split across both workers");

            List<Received> objects = rig.received();
            Set<String> sopInstances = new HashSet<>();
            objects.forEach(o -> sopInstances.add(o.sopInstanceUid()));
            assertEquals(objects.size(), sopInstances.size(), "no object reached the PACS twice: " + objects);
            List<String> reportedStudies = objects.stream()
                    .filter(o -> o.modality().equals("SR"))
                    .map(Received::studyUid)
                    .sorted()
                    .toList();
            assertEquals(
                    studies.stream()
                            .map(SyntheticStudy::studyInstanceUid)
                            .sorted()
                            .toList(),
                    reportedStudies,
                    "one report per study reached the PACS");

            // Every change to the jobs the killed worker ran was committed on another node than the survivor (created,
            // sent and exported by the ingest node, run by the killed worker): the survivor's page is told of them
            // through the broker. (The ingest node commits every job's creation and DONE itself, as it exports here.)
            String survivor = victim.equals(WORKER_1) ? WORKER_2 : WORKER_1;
            Set<Long> ranByVictim = new HashSet<>();
            end.forEach((id, job) -> {
                if (job.ranOn(victim)) {
                    ranByVictim.add(id);
                }
            });
            assertTrue(!ranByVictim.isEmpty(), "the killed worker had finished a job: " + end);
            EventStream survivorPage = pages.get(survivor);
            assertTrue(
                    within20s(() -> survivorPage.jobs().containsAll(end.keySet())),
                    "the surviving worker's page named every job, " + ranByVictim + " run by the other: "
                            + survivorPage.jobs());
            assertTrue(
                    within20s(() -> pages.get("ingest-1").jobs().containsAll(end.keySet())),
                    "the ingest node's page named every job: "
                            + pages.get("ingest-1").jobs());

            // any node's /metrics shows the jobs both workers ran, read from the shared database
            assertTrue(
                    within20s(() -> showsEveryWorkersJobs(ingest, end)),
                    "the ingest node's /metrics: " + ingest.get("/metrics"));
            assertTrue(
                    within20s(() -> showsEveryWorkersJobs(nodes.get(survivor), end)),
                    "the surviving worker's /metrics: " + nodes.get(survivor).get("/metrics"));
            for (EventStream page : pages.values()) {
                page.close();
            }
        }
    }
}

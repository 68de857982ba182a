package org.aiworklist.routes.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.routes.app.ClusterRig.Job;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: excluded from the suite (tag "bench"); run by bench/scale-out-bench.sh. The same burst of
 * studies through one single-box node (SEDA), and through an ingest node with one and with two inference workers
 * (Artemis), every node a child JVM on PostgreSQL: throughput and the per-stage times from the job rows. A warm-up
 * study runs through each set-up first and is not counted.
 */
@Tag("bench")
class ScaleOutBench {
    private static final int STUDIES = Integer.getInteger("bench.studies", 6);
    private static final int SLICES = Integer.getInteger("bench.slices", 60);

    @Test
    void embeddedVersusOneAndTwoWorkers(@TempDir Path dir) throws Exception {
        measure(dir.resolve("embedded"), "embedded (SEDA), 1 process", 0);
        measure(dir.resolve("one-worker"), "distributed (Artemis), ingest + 1 worker", 1);
        measure(dir.resolve("two-workers"), "distributed (Artemis), ingest + 2 workers", 2);
    }

    private static void measure(Path dir, String label, int workers) throws Exception {
        Files.createDirectories(dir);
        try (ClusterRig rig = ClusterRig.start(dir)) {
            int ingestPort = NodeHarness.freePort();
            NodeHarness ingest = rig.node("ingest-1", workers == 0 ? null : "cluster-ingest.yaml");
            ingest.env.put("AIWORKLIST_DEVICE_CONNECTION_PORT", String.valueOf(ingestPort));
            Map<String, NodeHarness> nodes = new LinkedHashMap<>();
            nodes.put("ingest-1", ingest);
            for (int w = 1; w <= workers; w++) {
                nodes.put("worker-" + w, rig.node("worker-" + w, "cluster-worker.yaml"));
            }
            rig.launch(nodes);

            ingest.send(study(dir, 0), ingestPort);
            await(rig, 1);
            long warmUp = rig.jobs().keySet().iterator().next();
            for (int i = 1; i <= STUDIES; i++) {
                ingest.send(study(dir, i), ingestPort);
            }
            Map<Long, Job> all = await(rig, STUDIES + 1);
            all.remove(warmUp);
            report(label, new ArrayList<>(all.values()));
        }
    }

    private static SyntheticStudy study(Path dir, int i) throws Exception {
        return SyntheticStudy.write(
                PhantomSpec.defaults().withSlices(SLICES).withSeed(17_000 + i), dir.resolve("study-" + i), "2.25");
    }

    private static Map<Long, Job> await(ClusterRig rig, int count) throws Exception {
        Map<Long, Job> jobs =
                rig.await(j -> j.size() == count && j.values().stream().allMatch(Job::isDone), Duration.ofMinutes(10));
        if (jobs.size() != count || !jobs.values().stream().allMatch(Job::isDone)) {
            throw new IllegalStateException("jobs did not finish: " + jobs);
        }
        return jobs;
    }

    private static void report(String label, List<Job> jobs) {
        Instant first =
                jobs.stream().map(Job::createdAt).min(Comparator.naturalOrder()).orElseThrow();
        Instant last =
                jobs.stream().map(Job::doneAt).max(Comparator.naturalOrder()).orElseThrow();
        double minutes = Duration.between(first, last).toMillis() / 60_000.0;
        System.out.printf(
                Locale.ROOT,
                "BENCH scale-out %s: %d studies (%d slices 256x256), %.1f studies/min (first job created -> last"
                        + " done); median ms: queue %d, inference+reports %d, export %d, job created -> done %d%n",
                label,
                jobs.size(),
                SLICES,
                jobs.size() / minutes,
                median(jobs, j -> between(j.createdAt(), j.inferenceStartedAt())),
                median(jobs, j -> between(j.inferenceStartedAt(), j.resultsReadyAt())),
                median(jobs, j -> between(j.resultsReadyAt(), j.doneAt())),
                median(jobs, j -> between(j.createdAt(), j.doneAt())));
    }

    private static long between(Instant from, Instant to) {
        return Duration.between(Objects.requireNonNull(from), Objects.requireNonNull(to))
                .toMillis();
    }

    private static long median(List<Job> jobs, Function<Job, Long> measure) {
        List<Long> sorted = jobs.stream().map(measure).sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

package org.aiworklist.routes.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.aiworklist.common.Priority;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's jobs come from the shared job table, whichever node ran them: by state and node, and the queue by
 * priority, with every state of a known node shown; a fresh reading is reused, a stale one read again.
 */
class ClusterJobsTest {
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);
    private final Database database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong nanoTime = new AtomicLong();
    private final ClusterJobs cluster = new ClusterJobs(registry, database, FRESH_FOR, nanoTime::get);
    private int jobs;

    @AfterEach
    void close() {
        registry.close();
        database.close();
    }

    private void job(JobRecord.State state, String inferredBy, Priority priority) {
        JobRecord job = TestJobs.job("study-" + jobs, "input-" + jobs++, state);
        job.inferredBy = inferredBy;
        job.priority = priority;
        database.inTransaction(session -> session.persist(job));
    }

    /** The exposition's sample lines of the cluster's gauges, as "name{labels} value". */
    private Set<String> samples() {
        return registry.scrape()
                .lines()
                .filter(line -> line.startsWith("aiworklist_cluster_"))
                .collect(Collectors.toSet());
    }

    @Test
    void jobsOfEveryNodeByStateAndTheQueueByPriority() {
        job(JobRecord.State.DONE, "worker-1", Priority.ROUTINE);
        job(JobRecord.State.DONE, "worker-1", Priority.STAT);
        job(JobRecord.State.DONE, "worker-2", Priority.ROUTINE);
        job(JobRecord.State.INFERRING, "worker-2", Priority.HIGH);
        job(JobRecord.State.QUEUED, null, Priority.ROUTINE);
        job(JobRecord.State.QUEUED, null, Priority.STAT);
        job(JobRecord.State.QUEUED, null, Priority.STAT);

        cluster.refresh();
        Set<String> samples = samples();

        assertTrue(
                samples.contains("aiworklist_cluster_jobs{node=\"worker-1\",state=\"DONE\"} 2.0"), samples::toString);
        assertTrue(
                samples.contains("aiworklist_cluster_jobs{node=\"worker-2\",state=\"DONE\"} 1.0"), samples::toString);
        assertTrue(
                samples.contains("aiworklist_cluster_jobs{node=\"worker-2\",state=\"INFERRING\"} 1.0"),
                samples::toString);
        assertTrue(
                samples.contains("aiworklist_cluster_jobs{node=\"worker-1\",state=\"INFERRING\"} 0.0"),
                "every state of a known node, 0 included: " + samples);
        assertTrue(
                samples.contains("aiworklist_cluster_jobs{node=\"\",state=\"QUEUED\"} 3.0"),
                "jobs no model has run on yet: " + samples);
        assertTrue(samples.contains("aiworklist_cluster_queue_depth{priority=\"STAT\"} 2.0"), samples::toString);
        assertTrue(samples.contains("aiworklist_cluster_queue_depth{priority=\"ROUTINE\"} 1.0"), samples::toString);
        assertTrue(
                samples.contains("aiworklist_cluster_queue_depth{priority=\"HIGH\"} 0.0"),
                "every priority, 0 included: " + samples);
        long jobSeries = samples.stream()
                .filter(s -> s.startsWith("aiworklist_cluster_jobs{"))
                .count();
        assertEquals(3L * JobRecord.State.values().length, jobSeries, "three nodes (one unnamed), every state");
    }

    @Test
    void aFreshReadingIsReusedAndAStaleOneReadAgain() {
        job(JobRecord.State.DONE, "worker-1", Priority.ROUTINE);
        cluster.refresh();
        job(JobRecord.State.DONE, "worker-1", Priority.ROUTINE);

        nanoTime.addAndGet(FRESH_FOR.toNanos() - 1);
        cluster.refresh();
        assertTrue(
                samples().contains("aiworklist_cluster_jobs{node=\"worker-1\",state=\"DONE\"} 1.0"),
                "read less than " + FRESH_FOR + " ago: " + samples());

        nanoTime.incrementAndGet();
        cluster.refresh();
        assertTrue(
                samples().contains("aiworklist_cluster_jobs{node=\"worker-1\",state=\"DONE\"} 2.0"),
                "read again: " + samples());
    }

    @Test
    void withTheDatabaseAwayNothingIsShownRatherThanAnOldReading() {
        job(JobRecord.State.DONE, "worker-1", Priority.ROUTINE);
        cluster.refresh();
        assertFalse(samples().isEmpty());

        database.close();
        nanoTime.addAndGet(FRESH_FOR.toNanos());
        cluster.refresh();
        assertEquals(Set.of(), samples());
    }
}

package org.aiworklist.routes.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.aiworklist.common.Priority;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;

/**
 * The work of every node sharing the database, read from the job table, so that one node's {@code /metrics} shows
 * the cluster's: {@code aiworklist_cluster_jobs{state, node}} (jobs in each state by the node that ran their model,
 * {@code node=""} for jobs no model has run on yet) and {@code aiworklist_cluster_queue_depth{priority}} (jobs
 * waiting for inference). One grouped query, read again at a scrape once the last reading is older than
 * {@code freshFor}, so frequent scrapes of several nodes cost the database little. Every state of a node that holds
 * jobs is shown, 0 included, so a series does not vanish when its last job moves on.
 */
final class ClusterJobs {
    private static final String BY_STATE_NODE_AND_PRIORITY =
            "select state, inferredBy, priority, count(*)" + " from JobRecord group by state, inferredBy, priority";

    private final Database database;
    private final long freshForNanos;
    private final LongSupplier nanoTime;
    private final MultiGauge jobs;
    private final MultiGauge queue;
    private long readAt;
    private boolean read;

    /** @param nanoTime {@link System#nanoTime}, or a test's */
    ClusterJobs(MeterRegistry registry, Database database, Duration freshFor, LongSupplier nanoTime) {
        this.database = database;
        this.freshForNanos = freshFor.toNanos();
        this.nanoTime = nanoTime;
        this.jobs = MultiGauge.builder("aiworklist.cluster.jobs")
                .description("jobs of every node in each state, by the node that ran their model (shared database)")
                .register(registry);
        this.queue = MultiGauge.builder("aiworklist.cluster.queue.depth")
                .description("jobs of every node waiting for inference, by priority (shared database)")
                .register(registry);
    }

    /** Reads the job table again unless the last reading is fresh; with the database away, shows nothing. */
    synchronized void refresh() {
        long now = nanoTime.getAsLong();
        if (read && now - readAt < freshForNanos) {
            return;
        }
        List<Object[]> rows;
        try {
            rows = database.fromTransaction(
                    session -> session.createSelectionQuery(BY_STATE_NODE_AND_PRIORITY, Object[].class)
                            .getResultList());
        } catch (RuntimeException e) {
            jobs.register(List.of(), true); // no reading rather than a wrong one
            queue.register(List.of(), true);
            read = false;
            return;
        }
        show(rows);
        readAt = now;
        read = true;
    }

    private void show(List<Object[]> rows) {
        Map<String, Map<JobRecord.State, Long>> byNode = new HashMap<>();
        Map<Priority, Long> queued = new EnumMap<>(Priority.class);
        for (Priority priority : Priority.values()) {
            queued.put(priority, 0L);
        }
        for (Object[] row : rows) {
            JobRecord.State state = (JobRecord.State) row[0];
            String node = row[1] == null ? "" : (String) row[1];
            long count = (Long) row[3];
            byNode.computeIfAbsent(node, n -> zeroPerState()).merge(state, count, Long::sum);
            if (state == JobRecord.State.QUEUED) {
                queued.merge((Priority) row[2], count, Long::sum);
            }
        }
        List<MultiGauge.Row<?>> jobRows = new ArrayList<>();
        byNode.forEach((node, counts) -> counts.forEach(
                (state, count) -> jobRows.add(MultiGauge.Row.of(Tags.of("node", node, "state", state.name()), count))));
        jobs.register(jobRows, true);
        List<MultiGauge.Row<?>> queueRows = new ArrayList<>();
        queued.forEach(
                (priority, count) -> queueRows.add(MultiGauge.Row.of(Tags.of("priority", priority.name()), count)));
        queue.register(queueRows, true);
    }

    private static Map<JobRecord.State, Long> zeroPerState() {
        Map<JobRecord.State, Long> counts = new EnumMap<>(JobRecord.State.class);
        for (JobRecord.State state : JobRecord.State.values()) {
            counts.put(state, 0L);
        }
        return counts;
    }
}

package org.aiworklist.routes.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.PostgresCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test: excluded from the suite (tag "bench"); run by bench/cluster-metrics-bench.sh. How long the
 * cluster gauges' grouped query takes on PostgreSQL with many jobs of several workers, most of them finished.
 */
@Tag("bench")
class ClusterJobsBench {
    private static final int READINGS = 21;

    @Test
    void clusterGaugesWithManyJobs() throws Exception {
        int jobs = Integer.getInteger("bench.jobs", 100_000);
        try (PostgresCluster postgres = PostgresCluster.startInstalled()) {
            Database database = new Database(postgres.jdbcUrl(), "postgres", "");
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
                    Statement s = c.createStatement()) {
                // 8 workers; 1 job in 100 queued (no worker yet), 1 in 200 inferring, the rest done
                s.executeUpdate("insert into job (id, version, createdAt, state, modelVersion, inputHash, modelId,"
                        + " ruleName, studyInstanceUid, priority, triage, inferredBy)"
                        + " select n, 1, now(), case when n % 100 = 0 then 'QUEUED' when n % 200 = 1 then 'INFERRING'"
                        + " else 'DONE' end, '1', 'h' || n, 'model', 'rule', '2.25.' || n, n % 3, false,"
                        + " case when n % 100 = 0 then null else 'worker-' || (n % 8) end"
                        + " from generate_series(1, " + jobs + ") n");
                s.execute("analyze job");
            }
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            ClusterJobs cluster = new ClusterJobs(registry, database, Duration.ZERO, System::nanoTime);
            long[] millis = new long[READINGS];
            for (int i = 0; i < READINGS; i++) {
                long start = System.nanoTime();
                cluster.refresh();
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            System.out.printf(
                    "BENCH cluster gauges, %d jobs on PostgreSQL: median %d ms, max %d ms (%d readings, first"
                            + " included); %d series%n",
                    jobs,
                    millis[READINGS / 2],
                    millis[READINGS - 1],
                    READINGS,
                    registry.scrape()
                            .lines()
                            .filter(l -> l.startsWith("aiworklist_cluster_"))
                            .count());
            registry.close();
            database.close();
        }
    }
}

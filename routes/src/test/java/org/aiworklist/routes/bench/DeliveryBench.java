package org.aiworklist.routes.bench;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: excluded from the suite (tag "bench"); run by bench/delivery-bench.sh.
 * Measures the time from a job's results being ready to their being stored at Orthanc.
 */
@Tag("bench")
class DeliveryBench {
    @Test
    void resultsReadyToStoredAtOrthanc(@TempDir Path dir) throws Exception {
        org.aiworklist.routes.app.DeliveryLatency.measure(dir, Integer.getInteger("bench.studies", 5));
    }
}

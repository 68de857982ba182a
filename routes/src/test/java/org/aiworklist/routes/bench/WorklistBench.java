package org.aiworklist.routes.bench;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: excluded from the suite (tag "bench"); run by bench/worklist-bench.sh.
 * Response times of the worklist page and the job API with many jobs in H2.
 */
@Tag("bench")
class WorklistBench {
    @Test
    void worklistAndJobsApiWithManyJobs(@TempDir Path dir) throws Exception {
        org.aiworklist.routes.app.WorklistLatency.measure(dir, Integer.getInteger("bench.jobs", 10_000));
    }
}

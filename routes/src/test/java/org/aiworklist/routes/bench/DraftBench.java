package org.aiworklist.routes.bench;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test: excluded from the suite (tag "bench"); run by bench/draft-bench.sh.
 * Measures the time to a MedGemma-style draft of a 300-slice CT against the real test server on this CPU.
 */
@Tag("bench")
class DraftBench {
    @Test
    void timeToDraftOfA300SliceCt(@TempDir Path dir) throws Exception {
        org.aiworklist.routes.app.DraftLatency.measure(dir);
    }
}

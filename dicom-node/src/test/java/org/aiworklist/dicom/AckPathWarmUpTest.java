package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AckPathWarmUpTest {
    @TempDir
    Path dir;

    @Test
    void warmingUpLeavesNothingInTheSpool() throws Exception {
        Spool spool = new Spool(dir.resolve("spool"), dir.resolve("quarantine"));
        AckPathWarmUp.run(spool, IngestLimits.DEFAULTS);
        spool.close();
        try (Stream<Path> files = Files.walk(dir).filter(Files::isRegularFile)) {
            assertEquals(List.of(), files.toList(), "no spool file, pending mark or quarantined file");
        }
    }
}

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
        Path root = dir.resolve("spool");
        Spool spool = new Spool(root, dir.resolve("quarantine"));
        AckPathWarmUp.run(spool, IngestLimits.DEFAULTS);
        spool.close();
        // the spool's own marks (its layout) lie in its root, named with a dot
        try (Stream<Path> files = Files.walk(dir)
                .filter(Files::isRegularFile)
                .filter(f -> !(f.getParent().equals(root)
                        && f.getFileName().toString().startsWith(".")))) {
            assertEquals(List.of(), files.toList(), "no spool file, pending mark or quarantined file");
        }
    }
}

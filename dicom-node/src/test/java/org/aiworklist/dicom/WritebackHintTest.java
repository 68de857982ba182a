package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WritebackHintTest {
    @TempDir
    Path dir;

    @Test
    void hintsReachTheKernelOnLinuxAndLeaveTheFileAsWritten() throws Exception {
        Path file = dir.resolve("part");
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        Files.write(file, bytes);
        WritebackHint hint = WritebackHint.of(file);
        assertEquals(
                System.getProperty("os.name").startsWith("Linux"),
                hint.active(),
                "libc's sync_file_range is reached through JNA on Linux, and only there");
        hint.written(200_000);
        hint.complete(bytes.length);
        hint.close();
        hint.close(); // closing twice is harmless: the descriptor is given back once
        assertArrayEquals(bytes, Files.readAllBytes(file));
    }

    @Test
    void aFileThatCannotBeOpenedGivesAHintThatDoesNothing() {
        WritebackHint hint = WritebackHint.of(dir.resolve("missing"));
        assertFalse(hint.active());
        hint.written(1 << 20);
        hint.complete(2 << 20);
        hint.close();
    }
}

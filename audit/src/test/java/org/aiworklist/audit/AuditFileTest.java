package org.aiworklist.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFileTest {
    @TempDir
    Path dir;

    @Test
    void rotatesBySizeKeepingTheNewestFilesOwnerOnly() throws Exception {
        Path file = dir.resolve("audit/audit.log");
        try (AuditFile audit = new AuditFile(file, 100, 2)) {
            for (int i = 0; i < 10; i++) {
                audit.append("message-" + i + "-" + "x".repeat(30)); // 41 bytes a line: two lines a file
            }
        }
        assertEquals(List.of("message-8-" + "x".repeat(30), "message-9-" + "x".repeat(30)), Files.readAllLines(file));
        assertTrue(Files.readAllLines(dir.resolve("audit/audit.log.1")).get(0).startsWith("message-6-"));
        assertTrue(Files.readAllLines(dir.resolve("audit/audit.log.2")).get(0).startsWith("message-4-"));
        assertFalse(Files.exists(dir.resolve("audit/audit.log.3")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit"))));
    }
}

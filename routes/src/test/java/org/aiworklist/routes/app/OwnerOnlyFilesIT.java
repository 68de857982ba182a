package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aiworklist.dicom.FileOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under the test runner's permissive umask, the node's spool, quarantine, results and database end up owner-only:
 * every folder 0700, every file 0600, after ingest, a quarantined instance and a finished job.
 */
class OwnerOnlyFilesIT {
    private static final String PACS_AE = "MODEPACS";

    @Test
    void patientDataOnDiskIsOwnerOnlyWhateverTheUmask(@TempDir Path dir) throws Exception {
        Set<PosixFilePermission> probe = Files.getPosixFilePermissions(Files.createFile(dir.resolve("umask-probe")));
        assertTrue(
                probe.contains(PosixFilePermission.GROUP_READ) || probe.contains(PosixFilePermission.OTHERS_READ),
                "this test needs a umask that lets group or others read: " + PosixFilePermissions.toString(probe));

        int pacsPort = NodeHarness.freePort();
        NodeHarness harness = new NodeHarness(dir, PACS_AE, pacsPort);
        SyntheticStudy study = harness.study(606_060);
        byte[] slice = Files.readAllBytes(study.files().get(0));
        Path truncated = Files.write(dir.resolve("truncated.dcm"), Arrays.copyOf(slice, slice.length - 5000));
        Process pacs = NodeHarness.dcmtk(
                "storescp",
                "-aet",
                PACS_AE,
                "-od",
                Files.createDirectories(dir.resolve("pacs")).toString(),
                "+xa",
                String.valueOf(pacsPort));
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            List<FileOutcome> outcomes = harness.sendFiles(node.dicomPort(), truncated);
            assertEquals(0xC000, outcomes.get(0).status(), "the truncated image is quarantined");
            assertEquals(
                    "DONE",
                    harness.sendAndAwaitOutcome(study, node.dicomPort())
                            .path("state")
                            .asText(),
                    "the job finished with results");
        } finally {
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }

        List<Path> files = new ArrayList<>();
        List<String> tooOpen = new ArrayList<>();
        for (String root : List.of("spool", "quarantine", "results", "db")) {
            try (Stream<Path> tree = Files.walk(dir.resolve(root))) {
                for (Path p : (Iterable<Path>) tree::iterator) {
                    String expected = Files.isDirectory(p) ? "rwx------" : "rw-------";
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    if (!mode.equals(expected)) {
                        tooOpen.add(dir.relativize(p) + " " + mode);
                    }
                    if (Files.isRegularFile(p)) {
                        files.add(p.getFileName());
                    }
                }
            }
        }
        assertTrue(
                tooOpen.isEmpty(),
                "folders 0700 and files 0600, but " + tooOpen.size() + " are not, e.g. "
                        + tooOpen.subList(0, Math.min(10, tooOpen.size())));
        for (String kind : List.of(".dcm", ".reason.txt", "findings.json", "sr.dcm", ".mv.db")) {
            assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(kind)), "the walk saw a " + kind + " file");
        }
    }
}

package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolLayoutTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    @TempDir
    Path dir;

    @Test
    void aNewSpoolHasItsContentFoldersFromTheStartAndFilesOneLevelDown() throws Exception {
        Path root = dir.resolve("spool");
        Spool spool = new Spool(root, dir.resolve("quarantine"));
        try (Stream<Path> folders = Files.list(root)) {
            List<String> names = folders.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
            assertEquals(256, names.size());
            assertEquals("00", names.get(0));
            assertEquals("ff", names.get(255));
        }
        Spool.Placed placed = store(spool, "first");
        assertTrue(placed.created());
        String sha = Spool.sha256Of(placed.file());
        assertEquals(root.resolve(sha.substring(0, 2)).resolve(sha + ".dcm"), placed.file());
        assertEquals(List.of(placed.file()), files(spool));
        spool.close();

        Spool reopened = new Spool(root, dir.resolve("quarantine"));
        Spool.Placed again = store(reopened, "first");
        assertFalse(again.created(), "the identical copy is found where the first one lies");
        assertEquals(placed.file(), again.file());
        assertEquals(List.of(placed.file()), files(reopened));
        reopened.close();
    }

    @Test
    void aSpoolLaidOutInTwoLevelsByAnEarlierVersionKeepsThem() throws Exception {
        Path root = dir.resolve("spool");
        Files.createDirectories(root.resolve("00").resolve("00")); // what an earlier version made
        Spool spool = new Spool(root, dir.resolve("quarantine"));
        Spool.Placed placed = store(spool, "second");
        String sha = Spool.sha256Of(placed.file());
        assertEquals(
                root.resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha + ".dcm"), placed.file());
        assertEquals(List.of(placed.file()), files(spool));
        spool.close();

        Spool reopened = new Spool(root, dir.resolve("quarantine"));
        assertFalse(store(reopened, "second").created());
        assertEquals(List.of(placed.file()), files(reopened));
        reopened.close();
    }

    @Test
    void aStartCutShortWhileMakingTheFoldersEndsOneLevelAtTheNext() throws Exception {
        Path root = dir.resolve("spool");
        Files.createDirectories(root.resolve("3a")); // folders made, the mark not yet written
        Spool spool = new Spool(root, dir.resolve("quarantine"));
        Spool.Placed placed = store(spool, "third");
        assertEquals(root, placed.file().getParent().getParent());
        spool.close();
    }

    private static Spool.Placed store(Spool spool, String content) throws Exception {
        byte[] dataSet = content.getBytes(StandardCharsets.US_ASCII);
        String uid = "2.25." + new BigInteger(1, dataSet);
        Spool.Incoming in = spool.begin(CT, uid, EXPLICIT_LE, "TEST");
        in.write(dataSet, 0, dataSet.length);
        return spool.commit(in);
    }

    private static List<Path> files(Spool spool) throws Exception {
        List<Path> files = new ArrayList<>();
        spool.forEachFile(files::add);
        return files;
    }
}

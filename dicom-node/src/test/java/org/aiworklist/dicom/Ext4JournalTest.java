package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal check reads a jbd2 listing; here a folder made to look like /proc/fs/jbd2, with stand-in devices. */
class Ext4JournalTest {
    @TempDir
    Path dir;

    @Test
    void aDeviceWithItsJournalListedHasOne() throws IOException {
        Path jbd2 = listing("vda-8");
        assertTrue(Ext4Journal.present(device("vda").toString(), jbd2));
        assertFalse(Ext4Journal.present(device("vdb").toString(), jbd2), "another device's journal is not this one's");
    }

    @Test
    void aMapperLinkIsTheDmDeviceItPointsTo() throws IOException {
        Path jbd2 = listing("dm-0-8");
        Path mapper = Files.createSymbolicLink(dir.resolve("vg-root"), device("dm-0"));
        assertTrue(Ext4Journal.present(mapper.toString(), jbd2));
    }

    @Test
    void aNamePrefixIsNotTheDevice() throws IOException {
        assertFalse(Ext4Journal.present(device("vda").toString(), listing("vda1-8")), "vda1 is a partition of vda");
        assertFalse(Ext4Journal.present(device("dm").toString(), listing("dm-0-8")), "dm-0 is not dm");
    }

    @Test
    void whatCannotBeToldCountsAsNoJournal() throws IOException {
        assertFalse(Ext4Journal.present(device("vda").toString(), dir.resolve("no-jbd2")), "no listing");
        assertFalse(Ext4Journal.present(dir.resolve("gone").toString(), listing("gone-8")), "no such device");
        assertFalse(Ext4Journal.present("tmpfs", listing("tmpfs-8")), "not a device path");
    }

    private Path listing(String... journals) throws IOException {
        Path jbd2 = Files.createDirectories(dir.resolve("jbd2-" + String.join("+", journals)));
        for (String j : journals) {
            Files.createDirectories(jbd2.resolve(j));
        }
        return jbd2;
    }

    private Path device(String name) throws IOException {
        Path d = dir.resolve("dev").resolve(name);
        Files.createDirectories(d.getParent());
        return Files.exists(d) ? d : Files.createFile(d);
    }
}

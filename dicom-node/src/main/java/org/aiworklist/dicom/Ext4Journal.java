package org.aiworklist.dicom;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Whether an ext4 file system has a journal. Linux lists each running journal under {@code /proc/fs/jbd2} as
 * {@code <device>-<journal inode>} (vda-8, dm-0-8); neither the mount options nor {@link FileStore#type} say it.
 * Where it cannot be told the answer is no, the side on which the spool does more fsyncs, never fewer.
 */
final class Ext4Journal {
    private static final Path JBD2 = Path.of("/proc/fs/jbd2");

    private Ext4Journal() {}

    /** For a file system that {@link FileStore#type} calls ext4. */
    static boolean present(FileStore store) {
        return present(store.name(), JBD2);
    }

    /** {@code device} as the mount table names it (a /dev/mapper link resolves to its dm-N). */
    static boolean present(String device, Path jbd2Folder) {
        String name;
        try {
            Path path = Path.of(device);
            if (!path.isAbsolute()) {
                return false; // not a device path: cannot tell
            }
            name = path.toRealPath().getFileName().toString();
        } catch (IOException | RuntimeException e) {
            return false; // the device is gone: cannot tell
        }
        try (Stream<Path> journals = Files.list(jbd2Folder)) {
            return journals.map(j -> j.getFileName().toString())
                    .anyMatch(j -> j.startsWith(name + "-")
                            && j.substring(name.length() + 1).matches("[0-9]+"));
        } catch (IOException e) {
            return false;
        }
    }
}

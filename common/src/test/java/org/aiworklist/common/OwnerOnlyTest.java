package org.aiworklist.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owner-only modes whatever the umask, and never above the folder the node was given. */
class OwnerOnlyTest {
    @Test
    void createdFoldersAndFilesAreOwnerOnlyAndTheParentIsLeftAlone(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path nested = OwnerOnly.createDirectories(dir.resolve("var/spool/aa"));
        Path file = nested.resolve("findings.json");
        OwnerOnly.write(file, new byte[] {'{', '}'});

        assertEquals("rwxr-xr-x", mode(dir), "the user's folder is not ours to change");
        assertEquals("rwx------", mode(dir.resolve("var")));
        assertEquals("rwx------", mode(nested));
        assertEquals("rw-------", mode(file));
        assertEquals("{}", Files.readString(file));
    }

    @Test
    void tightenReachesEverythingUnderTheRootButNothingAbove(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Files.createDirectories(
                        dir.resolve("db/sub"),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")))
                .getParent();
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = Files.createFile(
                root.resolve("sub/aiworklist.mv.db"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));

        OwnerOnly.tighten(root);

        assertEquals("rwxr-xr-x", mode(dir));
        assertEquals("rwx------", mode(root));
        assertEquals("rwx------", mode(root.resolve("sub")));
        assertEquals("rw-------", mode(file));
        assertTrue(OwnerOnly.isOwnerOnly(root));
        assertTrue(OwnerOnly.isOwnerOnly(file));
        assertFalse(OwnerOnly.isOwnerOnly(dir), "the folder above the root is left as it was");
    }

    @Test
    void tighteningAFolderThatIsNotThereDoesNothing(@TempDir Path dir) throws Exception {
        OwnerOnly.tighten(dir.resolve("missing"));
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}

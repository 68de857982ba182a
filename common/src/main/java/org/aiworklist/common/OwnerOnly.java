package org.aiworklist.common;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Folders 0700 and files 0600 for everything the node keeps on disk: spool, quarantine, results and database hold
 * patient data. Java cannot set the process umask, so modes are given at creation and tightened at start-up.
 * On file systems without POSIX permissions (Windows) every method does what it can without them.
 */
public final class OwnerOnly {
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

    private OwnerOnly() {}

    /** Like {@link Files#createDirectories}: the folders it creates are 0700; existing ones are left alone. */
    public static Path createDirectories(Path dir) throws IOException {
        return posix(dir)
                ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(FOLDER))
                : Files.createDirectories(dir);
    }

    /** For opening a new file: 0600 from its first byte (the umask can only take bits away). */
    public static FileAttribute<?>[] fileAttributes(Path file) {
        return posix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : NONE;
    }

    /** Like {@link Files#write(Path, byte[], java.nio.file.OpenOption...)}: a file it creates is 0600. */
    public static void write(Path file, byte[] bytes) throws IOException {
        try (SeekableByteChannel out = Files.newByteChannel(
                file,
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                fileAttributes(file))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
    }

    /** True when the folder or file is owner-only already (always, where the file system has no POSIX modes). */
    public static boolean isOwnerOnly(Path path) throws IOException {
        if (!posix(path)) {
            return true;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
        return mode.equals(Files.isDirectory(path) ? FOLDER : FILE);
    }

    /**
     * Makes {@code root} and everything under it owner-only: what earlier versions, another umask or a library
     * (H2 creates its own files) left readable. Nothing above {@code root} is touched; links are not followed.
     */
    public static void tighten(Path root) throws IOException {
        if (!posix(root) || !Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                restrict(dir, FOLDER);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    restrict(file, FILE);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed while we walked (a database temp file)
                }
                throw e;
            }
        });
    }

    private static void restrict(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(path).equals(mode)) {
                Files.setPosixFilePermissions(path, mode);
            }
        } catch (NoSuchFileException gone) {
            // removed while we walked: nothing left to protect
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

package org.aiworklist.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import org.aiworklist.common.OwnerOnly;

/**
 * The local audit file: one message per line, owner-only, rotated by size (audit.log, audit.log.1, … the oldest
 * dropped beyond {@code keptFiles}). Each line is written through to the disk's cache before the next is taken;
 * used by one thread.
 */
final class AuditFile implements AutoCloseable {
    private final Path file;
    private final long maxBytes;
    private final int keptFiles;
    private FileChannel channel;

    AuditFile(Path file, long maxBytes, int keptFiles) throws IOException {
        this.file = file.toAbsolutePath();
        this.maxBytes = maxBytes;
        this.keptFiles = keptFiles;
        OwnerOnly.createDirectories(this.file.getParent());
        open();
    }

    void append(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (channel.size() > 0 && channel.size() + bytes.length > maxBytes) {
            rotate();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void rotate() throws IOException {
        channel.close();
        Files.deleteIfExists(numbered(keptFiles));
        for (int i = keptFiles - 1; i >= 1; i--) {
            if (Files.exists(numbered(i))) {
                Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private Path numbered(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private void open() throws IOException {
        channel = FileChannel.open(
                file,
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                OwnerOnly.fileAttributes(file));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

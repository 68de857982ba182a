package org.aiworklist.dicom.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.dicom.InstanceSink;
import org.aiworklist.dicom.ReceivedInstance;
import org.aiworklist.dicom.SinkDecision;

/**
 * Stands in for the index database: one appended record per instance, like a commit. With {@code fsync} each
 * record is fdatasync'ed (a database that syncs its commits); without, it is only written to the OS, as the
 * node's H2 index does with WRITE_DELAY=0.
 */
final class IndexLogSink implements InstanceSink, AutoCloseable {
    private final FileChannel log;
    private final boolean fsync;

    IndexLogSink(Path file, boolean fsync) throws IOException {
        log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        this.fsync = fsync;
    }

    @Override
    public synchronized SinkDecision accept(ReceivedInstance i) throws IOException {
        String line = PhiSafe.hash(i.attributes().sopInstanceUid()) + " " + i.contentSha256() + " " + i.file() + "\n";
        log.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        if (fsync) {
            log.force(false);
        }
        return SinkDecision.STORED;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}

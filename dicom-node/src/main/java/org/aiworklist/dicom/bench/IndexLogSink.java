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

/** Stands in for the index database: one appended, fdatasync'ed record per instance, like a commit. */
final class FsyncLogSink implements InstanceSink, AutoCloseable {
    private final FileChannel log;

    FsyncLogSink(Path file) throws IOException {
        log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized SinkDecision accept(ReceivedInstance i) throws IOException {
        String line = PhiSafe.hash(i.sopInstanceUid()) + " " + i.contentSha256() + " " + i.file() + "\n";
        log.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        log.force(false);
        return SinkDecision.STORED;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}

package org.aiworklist.dicom;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A sink that remembers what it was given and decides duplicates by SOP Instance UID and content hash. */
class RecordingSink implements InstanceSink, QuarantineListener {
    final List<ReceivedInstance> accepted = new CopyOnWriteArrayList<>();
    final List<Path> quarantined = new CopyOnWriteArrayList<>();
    final List<String> quarantineReasons = new CopyOnWriteArrayList<>();
    private final Map<String, String> shaByUid = new ConcurrentHashMap<>();
    volatile boolean failing;
    volatile boolean full;

    @Override
    public SinkDecision accept(ReceivedInstance instance) throws Exception {
        if (failing) {
            throw new IllegalStateException("database down");
        }
        accepted.add(instance);
        String before = shaByUid.putIfAbsent(instance.attributes().sopInstanceUid(), instance.contentSha256());
        if (before == null) {
            return SinkDecision.STORED;
        }
        return before.equals(instance.contentSha256()) ? SinkDecision.DUPLICATE_IDENTICAL : SinkDecision.CONFLICT_KEPT;
    }

    @Override
    public boolean hasCapacity() {
        return !full;
    }

    @Override
    public void quarantined(Path file, String reason, String callingAeTitle) {
        quarantined.add(file);
        quarantineReasons.add(reason);
    }

    int distinctInstances() {
        return shaByUid.size();
    }
}

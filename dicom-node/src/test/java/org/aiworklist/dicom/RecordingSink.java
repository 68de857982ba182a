package org.aiworklist.dicom;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

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

    /** What it was never given: a new sink over an old spool stands for an index that a crash took records from. */
    @Override
    public Set<String> lacking(Collection<String> contentSha256s) {
        Set<String> held =
                accepted.stream().map(ReceivedInstance::contentSha256).collect(Collectors.toSet());
        return contentSha256s.stream().filter(sha -> !held.contains(sha)).collect(Collectors.toSet());
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

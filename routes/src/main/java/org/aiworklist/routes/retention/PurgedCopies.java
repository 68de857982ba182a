package org.aiworklist.routes.retention;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.aiworklist.dicom.InstanceSink;
import org.aiworklist.dicom.ReceivedInstance;
import org.aiworklist.dicom.SinkDecision;
import org.aiworklist.routes.persistence.Database;

/**
 * In front of the index: an identical copy of an instance whose spool file retention deleted is still a duplicate
 * (no row, no job), and the file the spool has just made for it again is deleted, so a study sent again after its
 * retention does not refill the spool for good.
 */
public final class PurgedCopies implements InstanceSink {
    private final InstanceSink index;
    private final Database database;

    public PurgedCopies(InstanceSink index, Database database) {
        this.index = index;
        this.database = database;
    }

    @Override
    public SinkDecision accept(ReceivedInstance instance) throws Exception {
        return acceptAll(List.of(instance)).get(0);
    }

    /**
     * An identical copy arriving meanwhile is a duplicate of the same purged instance: should its file go too
     * before it is indexed, its pending mark (a second name of the file) restores it at the next start.
     */
    @Override
    public List<SinkDecision> acceptAll(List<ReceivedInstance> instances) throws Exception {
        List<SinkDecision> decisions = index.acceptAll(instances);
        for (int i = 0; i < instances.size(); i++) {
            ReceivedInstance instance = instances.get(i);
            if (decisions.get(i) == SinkDecision.DUPLICATE_IDENTICAL && !heldByAnyInstance(instance.contentSha256())) {
                Files.deleteIfExists(instance.file());
            }
        }
        return decisions;
    }

    @Override
    public Set<String> lacking(Collection<String> contentSha256s) throws Exception {
        return index.lacking(contentSha256s);
    }

    @Override
    public Duration batchWindow() {
        return index.batchWindow();
    }

    @Override
    public boolean hasCapacity() {
        return index.hasCapacity();
    }

    private boolean heldByAnyInstance(String contentSha256) {
        return database.fromTransaction(session -> session.createSelectionQuery(
                                "select count(*) from InstanceRecord where contentSha256 = :sha and purgedAt is null",
                                Long.class)
                        .setParameter("sha", contentSha256)
                        .getSingleResult())
                > 0;
    }
}

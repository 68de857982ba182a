package org.aiworklist.routes.persistence;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.event.spi.PostCommitInsertEventListener;
import org.hibernate.event.spi.PostCommitUpdateEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.persister.entity.EntityPersister;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hibernate's post-commit events for the records watchers care about, turned into {@link CommittedChanges} calls
 * with the record as it was before. Bulk updates (claims) bypass these events; no watcher needs them. A watcher
 * that fails is logged and never fails the transaction, which has committed anyway.
 */
final class CommitListener implements PostCommitInsertEventListener, PostCommitUpdateEventListener {
    private static final Logger log = LoggerFactory.getLogger(CommitListener.class);
    private final List<CommittedChanges> watchers = new CopyOnWriteArrayList<>();

    void add(CommittedChanges watcher) {
        watchers.add(watcher);
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        Class<?> type = persister.getMappedClass();
        return type == JobRecord.class
                || type == ExportRecord.class
                || type == StudyRecord.class
                || type == QuarantineRecord.class;
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        tell(event.getEntity(), null);
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        if (event.getOldState() != null) {
            tell(event.getEntity(), before(event.getPersister(), event.getOldState()));
        }
    }

    @Override
    public void onPostInsertCommitFailed(PostInsertEvent event) {}

    @Override
    public void onPostUpdateCommitFailed(PostUpdateEvent event) {}

    private void tell(Object entity, Object before) {
        for (CommittedChanges watcher : watchers) {
            try {
                if (entity instanceof JobRecord job) {
                    watcher.job(job, (JobRecord) before);
                } else if (entity instanceof ExportRecord export) {
                    watcher.export(export, (ExportRecord) before);
                } else if (entity instanceof StudyRecord study) {
                    watcher.study(study, (StudyRecord) before);
                } else if (entity instanceof QuarantineRecord record && before == null) {
                    watcher.quarantined(record);
                }
            } catch (RuntimeException e) {
                log.warn(
                        "watcher {} failed: {}",
                        watcher.getClass().getSimpleName(),
                        e.getClass().getName());
            }
        }
    }

    /** A detached copy holding the values the row had before the transaction. */
    private static Object before(EntityPersister persister, Object[] oldState) {
        try {
            Object copy = persister.getMappedClass().getDeclaredConstructor().newInstance();
            persister.setValues(copy, oldState);
            return copy;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot copy " + persister.getEntityName(), e);
        }
    }
}

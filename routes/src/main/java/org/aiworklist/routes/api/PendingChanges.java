package org.aiworklist.routes.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aiworklist.routes.persistence.CommittedChanges;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.QuarantineRecord;
import org.aiworklist.routes.persistence.StudyRecord;

/**
 * What changed since it was last taken, gathered from this node's commits and, for a page, from other nodes' changes
 * relayed through the broker. Many threads add; one timer takes.
 */
public final class PendingChanges implements CommittedChanges {
    private final Set<Long> jobs = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean worklist = new AtomicBoolean();
    private final AtomicBoolean quarantine = new AtomicBoolean();

    @Override
    public void job(JobRecord job, JobRecord before) {
        jobs.add(job.id);
        worklist.set(true);
    }

    @Override
    public void export(ExportRecord export, ExportRecord before) {
        jobs.add(export.jobId);
    }

    @Override
    public void study(StudyRecord study, StudyRecord before) {
        worklist.set(true);
    }

    @Override
    public void quarantined(QuarantineRecord record) {
        quarantine.set(true);
    }

    /** Another node's change, to be told with this node's own. */
    public void add(LiveChange change) {
        jobs.addAll(change.jobs());
        if (change.worklist()) {
            worklist.set(true);
        }
        if (change.quarantine()) {
            quarantine.set(true);
        }
    }

    /** What changed since the last call, and forgets it; null when nothing did. */
    public LiveChange take() {
        List<Long> changedJobs = new ArrayList<>();
        for (Iterator<Long> ids = jobs.iterator(); ids.hasNext(); ) {
            changedJobs.add(ids.next());
            ids.remove();
        }
        boolean changedWorklist = worklist.getAndSet(false);
        boolean changedQuarantine = quarantine.getAndSet(false);
        if (changedJobs.isEmpty() && !changedWorklist && !changedQuarantine) {
            return null;
        }
        return new LiveChange(changedJobs, changedWorklist, changedQuarantine);
    }
}

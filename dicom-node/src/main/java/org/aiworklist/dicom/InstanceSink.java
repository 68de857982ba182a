package org.aiworklist.dicom;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Where the Storage SCP hands each received instance once it is acknowledged: its spool file is durable and marked
 * pending, and the sink is its derived index. Calls come from one feed thread, in batches, off the acknowledgement
 * path; an instance is handed over again after a crash or a refusal until the sink has recorded it, so the sink
 * must recognise a repeat by its content hash (a {@link SinkDecision#DUPLICATE_IDENTICAL}).
 */
public interface InstanceSink {
    /** Records one instance. Throwing means nothing was recorded: it is handed over again later. */
    SinkDecision accept(ReceivedInstance instance) throws Exception;

    /**
     * Records several (a sink with transactions does it in one). Throwing hands all of them over again later,
     * also any recorded before the failure: repeats are recognised.
     */
    default List<SinkDecision> acceptAll(List<ReceivedInstance> instances) throws Exception {
        List<SinkDecision> decisions = new ArrayList<>(instances.size());
        for (ReceivedInstance instance : instances) {
            decisions.add(accept(instance));
        }
        return decisions;
    }

    /**
     * Of these content hashes, those the sink holds no record of (whatever became of the record since): after a
     * crash, spool files under these names are handed over again. A sink that keeps nothing across a restart has
     * nothing to take back and lacks none.
     */
    default Set<String> lacking(Collection<String> contentSha256s) throws Exception {
        return Set.of();
    }

    /**
     * How long the feed gathers acknowledged instances into one {@link #acceptAll} after the first arrives: longer
     * means fewer, larger transactions. The sink knows what a transaction costs it.
     */
    default Duration batchWindow() {
        return Duration.ofMillis(100);
    }

    /** False makes the SCP answer A700 (out of resources) without storing: e.g. the job queue is full. */
    default boolean hasCapacity() {
        return true;
    }
}

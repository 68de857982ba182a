package org.aiworklist.dicom;

/**
 * Where the Storage SCP hands each received instance after its file is durable. The sink must have committed
 * its index row when {@link #accept} returns, because the SCP answers 0000 right after.
 */
public interface InstanceSink {
    /**
     * Records one instance. Throwing means nothing was committed: the SCP answers A700 (the sender keeps
     * responsibility and may retry) and removes the spool file unless another instance already owns it.
     */
    SinkDecision accept(ReceivedInstance instance) throws Exception;

    /** False makes the SCP answer A700 (out of resources) without storing: e.g. the job queue is full. */
    default boolean hasCapacity() {
        return true;
    }
}

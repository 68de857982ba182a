package org.aiworklist.dicom;

/**
 * Receives Storage Commitment reports, whether they came on the association that asked for them or on one the
 * archive opened later to the Storage SCP. Called from network threads, possibly at the same time.
 */
public interface StorageCommitmentListener {
    /**
     * Records the outcome. Returning normally means it is durable: the report is then answered with 0000; an
     * exception answers 0110 (processing failure), so the archive may send the report again.
     */
    void reportReceived(StorageCommitmentReport report) throws Exception;
}

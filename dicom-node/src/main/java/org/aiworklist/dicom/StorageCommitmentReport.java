package org.aiworklist.dicom;

import java.util.List;

/**
 * A Storage Commitment result (N-EVENT-REPORT of PS3.4 J.3.3): which SOP instances the archive took responsibility
 * for and which it did not, with its reason for each.
 *
 * @param remoteAeTitle the AE that sent the report: the archive, when it sent it on an association it opened
 */
public record StorageCommitmentReport(
        String transactionUid, String remoteAeTitle, List<SopReference> committed, List<Failure> failed) {
    public StorageCommitmentReport {
        committed = List.copyOf(committed);
        failed = List.copyOf(failed);
    }

    /** Event Type 1: every referenced instance is committed. */
    public boolean allCommitted() {
        return failed.isEmpty();
    }

    /** One instance the archive did not commit, with its Failure Reason (0008,1197), PS3.3 C.14.1.1. */
    public record Failure(SopReference sop, int reason) {
        /** The archive does not know the class or mixes up class and instance: sending it again will not help. */
        public boolean isPermanent() {
            return reason == DimseStatus.SOP_CLASS_NOT_SUPPORTED || reason == DimseStatus.CLASS_INSTANCE_CONFLICT;
        }

        public String meaning() {
            return switch (reason) {
                case DimseStatus.PROCESSING_FAILURE -> "processing failure";
                case DimseStatus.NO_SUCH_OBJECT_INSTANCE -> "no such object instance";
                case DimseStatus.RESOURCE_LIMITATION -> "resource limitation";
                case DimseStatus.SOP_CLASS_NOT_SUPPORTED -> "referenced SOP class not supported";
                case DimseStatus.CLASS_INSTANCE_CONFLICT -> "class/instance conflict";
                case DimseStatus.DUPLICATE_TRANSACTION_UID -> "duplicate transaction UID";
                default -> "failure reason " + String.format("%04X", reason);
            };
        }
    }
}

package org.aiworklist.dicom;

import java.util.List;

/**
 * A Storage Commitment result (N-EVENT-REPORT of PS3.4 J.3.3): which SOP instances the archive took responsibility
 * for and which it did not, with its reason for each.
 *
 * @param remoteAeTitle the AE that sent the report: the archive, when it sent it on an association it opened
 */
public record StorageCommitmentReport(String transactionUid, String remoteAeTitle, List<SopReference> committed,
                                      List<Failure> failed) {
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
            return reason == 0x0122 || reason == 0x0119;
        }

        public String meaning() {
            return switch (reason) {
                case 0x0110 -> "processing failure";
                case 0x0112 -> "no such object instance";
                case 0x0213 -> "resource limitation";
                case 0x0122 -> "referenced SOP class not supported";
                case 0x0119 -> "class/instance conflict";
                case 0x0131 -> "duplicate transaction UID";
                default -> "failure reason " + String.format("%04X", reason);
            };
        }
    }
}

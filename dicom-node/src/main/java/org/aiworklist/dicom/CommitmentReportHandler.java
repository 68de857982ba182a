package org.aiworklist.dicom;

import java.io.ByteArrayOutputStream;

/**
 * N-EVENT-REPORT of Storage Commitment (PS3.4 J.3.3) on the Storage SCP: the report is collected in memory (it is
 * bounded) and handed to the listener, whose outcome decides the status.
 */
final class CommitmentReportHandler implements DimseHandler {
    private final StorageCommitmentListener listener;

    CommitmentReportHandler(StorageCommitmentListener listener) {
        this.listener = listener;
    }

    @Override
    public DimseRequest begin(CommandSet command, PresentationContext context, Caller caller) {
        if (!command.hasDataSet()) { // a report without Event Information is not one we know
            return DimseRequest.answered(DimseStatus.UNRECOGNIZED_OPERATION);
        }
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        return new DimseRequest() {
            @Override
            public void data(byte[] b, int off, int n) throws ProtocolViolation {
                if (report.size() + n > StorageCommitmentDataSets.MAX_REPORT_BYTES) {
                    throw new ProtocolViolation(
                            AbortReasons.INVALID_PDU_PARAMETER,
                            "Storage Commitment report" + " larger than " + StorageCommitmentDataSets.MAX_REPORT_BYTES
                                    + " bytes");
                }
                report.write(b, off, n);
            }

            @Override
            public int status() {
                return StorageCommitmentDataSets.deliver(report.toByteArray(), caller.aeTitle(), listener);
            }
        };
    }
}

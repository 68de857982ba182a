package org.aiworklist.dicom;

import java.util.List;

/**
 * An association could not be established or broke down. Outcomes of files completed before the failure are
 * kept in {@link #partialReport()}.
 */
public class AssociationFailure extends Exception {
    /** How the association failed. */
    public enum Kind {
        /** A-ASSOCIATE-RJ from the peer; see result, source and reason. */
        REJECTED,
        /** A-ABORT from the peer, or the connection dropped mid-association. */
        ABORTED,
        /** No TCP connection (refused, unreachable, unknown host). */
        CONNECTION_FAILED,
        /** No answer within the time allowed (ARTIM or DIMSE timeout). */
        TIMED_OUT,
        /** The peer broke the upper layer protocol, or accepted nothing we need. */
        PROTOCOL_ERROR
    }

    private final Kind kind;
    private final int rejectResult;
    private final int rejectSource;
    private final int rejectReason;
    private final SendReport partialReport;

    AssociationFailure(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, 0, 0, 0, List.of());
    }

    private AssociationFailure(
            Kind kind, String message, Throwable cause, int result, int source, int reason, List<FileOutcome> done) {
        super(message, cause);
        this.kind = kind;
        this.rejectResult = result;
        this.rejectSource = source;
        this.rejectReason = reason;
        this.partialReport = new SendReport(done);
    }

    static AssociationFailure rejected(int result, int source, int reason) {
        return new AssociationFailure(
                Kind.REJECTED,
                "association rejected: " + RejectReasons.describe(result, source, reason),
                null,
                result,
                source,
                reason,
                List.of());
    }

    /** The same failure, carrying the outcomes of the files finished before it. */
    AssociationFailure withCompleted(List<FileOutcome> done) {
        return new AssociationFailure(kind, getMessage(), getCause(), rejectResult, rejectSource, rejectReason, done);
    }

    public Kind kind() {
        return kind;
    }

    /** PS3.8 A-ASSOCIATE-RJ result: 1 rejected-permanent, 2 rejected-transient; 0 when not rejected. */
    public int rejectResult() {
        return rejectResult;
    }

    /** PS3.8 A-ASSOCIATE-RJ source: 1 service-user, 2 service-provider (ACSE), 3 service-provider (presentation). */
    public int rejectSource() {
        return rejectSource;
    }

    /** PS3.8 A-ASSOCIATE-RJ reason/diag., meaning depends on the source. */
    public int rejectReason() {
        return rejectReason;
    }

    public SendReport partialReport() {
        return partialReport;
    }

    /** Worth trying again later: everything except a permanent rejection or a protocol error. */
    public boolean isRetryable() {
        return switch (kind) {
            case REJECTED -> rejectResult == RejectReasons.RESULT_TRANSIENT;
            case PROTOCOL_ERROR -> false;
            default -> true;
        };
    }
}

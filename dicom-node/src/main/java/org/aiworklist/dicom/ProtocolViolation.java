package org.aiworklist.dicom;

import java.io.IOException;

/** The peer broke the upper layer protocol; an acceptor answers with A-ABORT carrying {@link #abortReason()}. */
final class ProtocolViolation extends IOException {
    private final int abortReason;

    ProtocolViolation(int abortReason, String message) {
        super(message);
        this.abortReason = abortReason;
    }

    /** A PS3.8 A-ABORT reason of {@link AbortReasons}, from the service-provider. */
    int abortReason() {
        return abortReason;
    }
}

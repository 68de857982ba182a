package org.aiworklist.dicom;

import java.io.IOException;

/** A received data set is larger, in one of the ways {@link IngestLimits} bounds, than the node takes. */
final class IngestLimitExceeded extends IOException {
    IngestLimitExceeded(String message) {
        super(message);
    }
}

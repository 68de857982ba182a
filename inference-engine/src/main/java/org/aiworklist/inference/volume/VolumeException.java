package org.aiworklist.inference.volume;

/** A series that cannot be made into one consistent volume (or does not meet a model's input contract). */
public class VolumeException extends Exception {
    /** Why, for job status and metrics. */
    public enum Reason {
        EMPTY,
        NO_GEOMETRY,
        MIXED_SERIES,
        MIXED_DIMENSIONS,
        MIXED_ORIENTATION,
        MIXED_SPACING,
        MIXED_FRAME_OF_REFERENCE,
        TILTED,
        DUPLICATE_SLICE,
        MISSING_SLICE,
        OUTSIDE_INPUT_CONTRACT
    }

    private final Reason reason;

    public VolumeException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

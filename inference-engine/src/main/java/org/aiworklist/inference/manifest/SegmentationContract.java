package org.aiworklist.inference.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code segmentation} model's output means and how it becomes segments.
 *
 * @param map        whether the output holds per-channel scores or one channel of label values
 * @param activation applied to the blended scores across channels before any decision
 * @param fractional true: the segments are probabilities (FRACTIONAL SEG); false: 0/1 masks (BINARY)
 * @param decision   binary probability maps only: how a voxel is assigned; null otherwise
 * @param threshold  {@link Decision#THRESHOLD} only: probability at which a voxel belongs to the segment
 * @param segments   the segments, in Segment Number order (1, 2, ...)
 */
public record SegmentationContract(
        ScoreMap map,
        Activation activation,
        boolean fractional,
        Decision decision,
        double threshold,
        List<SegmentSpec> segments) {
    public enum ScoreMap {
        /** One channel per class: logits or probabilities. */
        PROBABILITIES,
        /** One channel whose values are class labels (an argmax already taken inside the model). */
        LABELS
    }

    /** MONAI's {@code Activationsd}: none (the model ends in one), sigmoid per channel, softmax across channels. */
    public enum Activation {
        NONE,
        SIGMOID,
        SOFTMAX
    }

    /** MONAI's {@code AsDiscreted}: a threshold per channel, or the most probable channel (argmax). */
    public enum Decision {
        THRESHOLD,
        ARGMAX
    }

    public SegmentationContract {
        segments = List.copyOf(segments);
    }

    /** What the SR's algorithm parameters say about the decision. */
    List<String> parameters() {
        List<String> parameters = new ArrayList<>();
        parameters.add("segmentType=" + (fractional ? "FRACTIONAL" : "BINARY"));
        if (decision == Decision.THRESHOLD) {
            parameters.add("threshold=" + threshold);
        } else if (decision == Decision.ARGMAX) {
            parameters.add("decision=argmax");
        }
        return parameters;
    }
}

package org.aiworklist.common;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one model produced for one study: its findings (possibly none: a negative result is a result), the label
 * map of a segmentation model, the verdicts of a classification model, and every source image it looked at.
 */
public record InferenceResult(
        AlgorithmIdentity algorithm,
        List<Finding> findings,
        Optional<Segmentation> segmentation,
        Optional<Classification> classification,
        List<ImageReference> imagesUsed) {
    public InferenceResult {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(segmentation, "segmentation");
        Objects.requireNonNull(classification, "classification");
        findings = List.copyOf(findings);
        imagesUsed = List.copyOf(imagesUsed);
        if (imagesUsed.isEmpty()) {
            throw new IllegalArgumentException("a result must name the images it was computed from");
        }
    }

    /** A segmentation model's result (or a detector's, with an empty segmentation). */
    public InferenceResult(
            AlgorithmIdentity algorithm,
            List<Finding> findings,
            Optional<Segmentation> segmentation,
            List<ImageReference> imagesUsed) {
        this(algorithm, findings, segmentation, Optional.empty(), imagesUsed);
    }

    /** A classifier's result: its verdicts, no findings. */
    public InferenceResult(
            AlgorithmIdentity algorithm, Classification classification, List<ImageReference> imagesUsed) {
        this(algorithm, List.of(), Optional.empty(), Optional.of(classification), imagesUsed);
    }

    /** A detector's result: findings only. */
    public InferenceResult(AlgorithmIdentity algorithm, List<Finding> findings, List<ImageReference> imagesUsed) {
        this(algorithm, findings, Optional.empty(), Optional.empty(), imagesUsed);
    }
}

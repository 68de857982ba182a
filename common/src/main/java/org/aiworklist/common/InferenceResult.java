package org.aiworklist.common;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one model produced for one study: its findings (possibly none: a negative result is a result), the label
 * map of a segmentation model, and every source image it looked at.
 */
public record InferenceResult(
        AlgorithmIdentity algorithm,
        List<Finding> findings,
        Optional<Segmentation> segmentation,
        List<ImageReference> imagesUsed) {
    public InferenceResult {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(segmentation, "segmentation");
        findings = List.copyOf(findings);
        imagesUsed = List.copyOf(imagesUsed);
        if (imagesUsed.isEmpty()) {
            throw new IllegalArgumentException("a result must name the images it was computed from");
        }
    }

    /** A detector's result: findings only. */
    public InferenceResult(AlgorithmIdentity algorithm, List<Finding> findings, List<ImageReference> imagesUsed) {
        this(algorithm, findings, Optional.empty(), imagesUsed);
    }
}

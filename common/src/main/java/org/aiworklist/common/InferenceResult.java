package org.aiworklist.common;

import java.util.List;
import java.util.Objects;

/**
 * What one model produced for one study: its findings (possibly none: a negative result is a result)
 * and every source image it looked at.
 */
public record InferenceResult(AlgorithmIdentity algorithm, List<Finding> findings, List<ImageReference> imagesUsed) {
    public InferenceResult {
        Objects.requireNonNull(algorithm, "algorithm");
        findings = List.copyOf(findings);
        imagesUsed = List.copyOf(imagesUsed);
        if (imagesUsed.isEmpty()) {
            throw new IllegalArgumentException("a result must name the images it was computed from");
        }
    }
}

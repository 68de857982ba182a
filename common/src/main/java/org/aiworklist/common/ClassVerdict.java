package org.aiworklist.common;

import java.util.Objects;

/**
 * A classifier's verdict on one label: the probability that its finding is present, and the model's threshold for
 * calling it present.
 *
 * @param name        short name from the manifest, e.g. "nodule-8mm"
 * @param finding     the finding the label stands for (SR concept of the qualitative evaluation)
 * @param description what exactly counts as present, in words (e.g. "pulmonary nodule of 8 mm or more")
 * @param threshold   probability at or above which the finding counts as present
 */
public record ClassVerdict(
        String name, CodedConcept finding, String description, double probability, double threshold) {
    public ClassVerdict {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(description, "description");
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0,1]: " + probability);
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0,1]: " + threshold);
        }
    }

    public boolean present() {
        return probability >= threshold;
    }
}

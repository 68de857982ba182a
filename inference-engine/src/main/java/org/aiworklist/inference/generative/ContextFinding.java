package org.aiworklist.inference.generative;

import java.util.Objects;

/**
 * What another model found on the study, as the prompt gives it to the generative model so that its draft is
 * grounded in measurements: the finding, where, how large, how sure, and which of the images sent shows it.
 *
 * @param site        null when the model names none
 * @param diameterMm  null when not measured
 * @param probability null when the model gives none
 * @param slice       1-based number of the nearest image sent ("SLICE n"), null when unknown
 */
public record ContextFinding(
        String model, String finding, String site, Double diameterMm, Double probability, Integer slice) {
    public ContextFinding {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(finding, "finding");
    }
}

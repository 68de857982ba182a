package org.aiworklist.inference.manifest;

import java.util.Optional;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.Priority;

/**
 * One output of a classification model and what a positive verdict on it means.
 *
 * @param name        short name, e.g. "nodule-8mm"
 * @param finding     the finding the label stands for (the SR's qualitative evaluation concept)
 * @param description what exactly is called present, in words (e.g. "pulmonary nodule of 8 mm or more")
 * @param threshold   probability at or above which the finding counts as present
 * @param triage      the priority a study gets when the finding is present; empty when a positive verdict changes
 *                    nothing
 */
public record ClassLabel(
        String name, CodedConcept finding, String description, double threshold, Optional<Priority> triage) {}

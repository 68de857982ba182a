package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;
import static org.aiworklist.reports.sr.ContentItem.Relationship.HAS_PROPERTIES;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.ClassVerdict;
import org.aiworklist.common.Classification;
import org.aiworklist.reports.sc.Probability;

/**
 * TID 1500 row 12 "Qualitative Evaluations" container. Used to state a negative result explicitly: an
 * absent finding is coded, and a TEXT says which algorithm looked, so a reader never mistakes "no
 * measurements" for "not analysed"; and for a classifier's verdicts, each finding coded present or absent. TID 4019 is not included here: later editions allow it, but PixelMed's
 * validator (20220618) reports it as an error under this container; the algorithm is named in the TEXT, the
 * device observer context and the Contributing Equipment Sequence.
 */
public final class QualitativeEvaluations {
    private final ContentItem item;

    private QualitativeEvaluations(List<ContentItem> evaluations) {
        if (evaluations.isEmpty()) {
            throw new IllegalArgumentException("Qualitative Evaluations needs at least one evaluation");
        }
        item = ContentItem.container(CONTAINS, Codes.QUALITATIVE_EVALUATIONS, null, evaluations);
    }

    public static QualitativeEvaluations noFindingDetected(AlgorithmIdentity algorithm) {
        return new QualitativeEvaluations(List.of(
                ContentItem.code(CONTAINS, Codes.FINDING, Codes.CLINICAL_FINDING_ABSENT),
                ContentItem.text(
                        CONTAINS,
                        Codes.FINDING,
                        "No finding detected by " + algorithm.name() + " " + algorithm.version())));
    }

    /**
     * A classifier's verdicts: per label, its finding coded Present or Absent with the probability as a property
     * (row 13), then the same in words, with the threshold and the algorithm (row 14).
     */
    public static QualitativeEvaluations verdicts(Classification classification, AlgorithmIdentity algorithm) {
        List<ContentItem> evaluations = new ArrayList<>();
        for (ClassVerdict v : classification.verdicts()) {
            evaluations.add(ContentItem.code(
                    CONTAINS,
                    v.finding(),
                    v.present() ? Codes.PRESENT : Codes.ABSENT,
                    List.of(ContentItem.num(
                            HAS_PROPERTIES, Codes.CERTAINTY_OF_FINDING, v.probability(), Codes.NO_UNITS))));
        }
        for (ClassVerdict v : classification.verdicts()) {
            evaluations.add(ContentItem.text(CONTAINS, Codes.FINDING, sentence(v, classification.scope(), algorithm)));
        }
        return new QualitativeEvaluations(evaluations);
    }

    /** E.g. "Pulmonary nodule of 8 mm or more: present in the study (probability 0.97, threshold 0.50), by ...". */
    static String sentence(ClassVerdict v, Classification.Scope scope, AlgorithmIdentity algorithm) {
        String description = v.description().substring(0, 1).toUpperCase(Locale.ROOT)
                + v.description().substring(1);
        return String.format(
                Locale.ROOT,
                "%s: %s in the %s (probability %s, threshold %s), by %s %s",
                description,
                v.present() ? "present" : "absent",
                scope == Classification.Scope.STUDY ? "study" : "series analysed",
                Probability.format(v.probability()),
                Probability.format(v.threshold()),
                algorithm.name(),
                algorithm.version());
    }

    public ContentItem item() {
        return item;
    }
}

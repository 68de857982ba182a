package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;

import java.util.List;
import org.aiworklist.common.AlgorithmIdentity;

/**
 * TID 1500 row 12 "Qualitative Evaluations" container. Used to state a negative result explicitly: an
 * absent finding is coded, and a TEXT says which algorithm looked, so a reader never mistakes "no
 * measurements" for "not analysed". TID 4019 is not included here: later editions allow it, but PixelMed's
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

    public ContentItem item() {
        return item;
    }
}

package org.aiworklist.reports.sr;

import org.aiworklist.common.AlgorithmIdentity;

import java.util.ArrayList;
import java.util.List;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;

/**
 * TID 1500 row 12 "Qualitative Evaluations" container. Used to state a negative result explicitly: an
 * absent finding is coded, and a TEXT says which algorithm looked, so a reader never mistakes "no
 * measurements" for "not analysed".
 */
public final class QualitativeEvaluations {
    private final ContentItem item;

    private QualitativeEvaluations(Tid4019AlgorithmIdentification algorithm, List<ContentItem> evaluations) {
        if (evaluations.isEmpty()) {
            throw new IllegalArgumentException("Qualitative Evaluations needs at least one evaluation");
        }
        List<ContentItem> children = new ArrayList<>(algorithm.items());
        children.addAll(evaluations);
        item = ContentItem.container(CONTAINS, Codes.QUALITATIVE_EVALUATIONS, null, children);
    }

    public static QualitativeEvaluations noFindingDetected(AlgorithmIdentity algorithm) {
        return new QualitativeEvaluations(Tid4019AlgorithmIdentification.of(algorithm), List.of(
                ContentItem.code(CONTAINS, Codes.FINDING, Codes.CLINICAL_FINDING_ABSENT),
                ContentItem.text(CONTAINS, Codes.FINDING, "No finding detected by " + algorithm.name() + " "
                        + algorithm.version())));
    }

    public ContentItem item() {
        return item;
    }
}

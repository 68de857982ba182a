package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;
import static org.aiworklist.reports.sr.ContentItem.Relationship.HAS_CONCEPT_MOD;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;

/**
 * TID 1500 "Measurement Report", root of the document: title (126000), language, device observer,
 * procedure reported, Image Library, then Imaging Measurements (one group per finding) and/or Qualitative
 * Evaluations. At least one of the two must be present, so a report always says something.
 */
public final class Tid1500MeasurementReport {
    private final ContentItem root;

    public Tid1500MeasurementReport(
            Tid1204Language language,
            Tid1001ObservationContext observationContext,
            CodedConcept procedureReported,
            Tid1600ImageLibrary imageLibrary,
            Tid4019AlgorithmIdentification algorithm,
            List<MeasurementGroup> groups,
            QualitativeEvaluations qualitativeEvaluations) {
        Objects.requireNonNull(observationContext, "TID 1500 row 3 (observation context) is mandatory");
        if (groups.isEmpty() && qualitativeEvaluations == null) {
            throw new IllegalArgumentException(
                    "a measurement report needs measurement groups or qualitative evaluations");
        }
        checkGroups(groups, imageLibrary);
        List<ContentItem> children = new ArrayList<>();
        children.add(language.item());
        children.addAll(observationContext.items());
        children.add(ContentItem.code(HAS_CONCEPT_MOD, Codes.PROCEDURE_REPORTED, procedureReported));
        children.add(imageLibrary.item());
        if (!groups.isEmpty()) {
            List<ContentItem> measurements = new ArrayList<>(algorithm.items());
            groups.forEach(g -> measurements.add(g.item()));
            children.add(ContentItem.container(CONTAINS, Codes.IMAGING_MEASUREMENTS, null, measurements));
        }
        if (qualitativeEvaluations != null) {
            children.add(qualitativeEvaluations.item());
        }
        root = ContentItem.container(null, Codes.IMAGING_MEASUREMENT_REPORT, "1500", children);
    }

    /**
     * A Tracking UID names one finding: it may be shared by a volumetric (TID 1411) and a planar (TID 1410)
     * group of the same finding, never by two groups of one template. Every image a group references must be in
     * the Image Library.
     */
    private static void checkGroups(List<MeasurementGroup> groups, Tid1600ImageLibrary library) {
        Set<String> trackingUids = new HashSet<>();
        for (MeasurementGroup g : groups) {
            if (!trackingUids.add(
                    g.getClass().getSimpleName() + " " + g.tracking().uid())) {
                throw new IllegalArgumentException(
                        "tracking UID used twice: " + g.tracking().identifier());
            }
            for (ImageReference image : g.sourceImages()) {
                if (!library.contains(image)) {
                    throw new IllegalArgumentException("finding " + g.tracking().identifier()
                            + " references an image missing from the Image Library");
                }
            }
        }
    }

    public ContentItem root() {
        return root;
    }
}

package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.HAS_CONCEPT_MOD;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.CodedConcept;

/** TID 1419 "ROI Measurements": optional Finding Site and at least one measurement (row 5 is mandatory). */
public final class Tid1419RoiMeasurements {
    private final List<ContentItem> items;

    public Tid1419RoiMeasurements(CodedConcept findingSite, List<Measurement> measurements) {
        if (measurements.isEmpty()) {
            throw new IllegalArgumentException("TID 1419 needs at least one measurement");
        }
        List<ContentItem> list = new ArrayList<>();
        if (findingSite != null) {
            list.add(ContentItem.code(HAS_CONCEPT_MOD, Codes.FINDING_SITE, findingSite));
        }
        measurements.forEach(m -> list.add(m.item()));
        items = List.copyOf(list);
    }

    public List<ContentItem> items() {
        return items;
    }
}

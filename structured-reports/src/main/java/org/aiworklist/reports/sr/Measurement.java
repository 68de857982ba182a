package org.aiworklist.reports.sr;

import java.util.List;
import java.util.Objects;
import org.aiworklist.common.CodedConcept;

/**
 * One numeric measurement of a region (TID 1419 row 5): what, how much, in which UCUM unit, and optionally the
 * image region it was measured on (TID 300 INFERRED FROM, TID 320 SCOORD), which is where Cornerstone3D's SR
 * adapters look for a measurement's coordinates.
 */
public record Measurement(CodedConcept concept, double value, CodedConcept unit, ImageRegion inferredFrom) {
    public Measurement(CodedConcept concept, double value, CodedConcept unit) {
        this(concept, value, unit, null);
    }

    public Measurement {
        Objects.requireNonNull(concept, "concept");
        Objects.requireNonNull(unit, "unit");
        if (!"UCUM".equals(unit.scheme())) {
            throw new IllegalArgumentException("measurement units are UCUM codes: " + unit);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(concept.meaning() + " must be finite: " + value);
        }
    }

    ContentItem item() {
        return ContentItem.num(
                ContentItem.Relationship.CONTAINS,
                concept,
                value,
                unit,
                inferredFrom == null ? List.of() : List.of(inferredFrom.inferredFromItem()));
    }
}

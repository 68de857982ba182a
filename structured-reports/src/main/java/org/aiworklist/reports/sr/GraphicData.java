package org.aiworklist.reports.sr;

import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The rule SCOORD ({@link ImageRegion}) and SCOORD3D ({@link VolumeSurface}) share: Graphic Type is one the
 * template allows, and Graphic Data holds as many coordinates as that type wants.
 */
final class GraphicData {
    private GraphicData() {}

    /**
     * @param kind           what the message calls the content item, as in "unsupported SCOORD graphic type"
     * @param coordinatesFor for each allowed Graphic Type, which coordinate counts it takes
     */
    static void checkCoordinateCount(
            String kind, String graphicType, int coordinates, Map<String, IntPredicate> coordinatesFor) {
        IntPredicate allowed = coordinatesFor.get(graphicType);
        if (allowed == null) {
            throw new IllegalArgumentException("unsupported " + kind + " graphic type " + graphicType);
        }
        if (!allowed.test(coordinates)) {
            throw new IllegalArgumentException(graphicType + " cannot have " + coordinates + " coordinates");
        }
    }
}

package org.aiworklist.reports.sr;

import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;
import org.aiworklist.common.ImageReference;

/**
 * A 2D region on one image (SCOORD, PS3.3 C.18.6): column,row pairs in pixel space where (0,0) is the
 * top left corner of the top left pixel, so a pixel centre is at index + 0.5.
 */
public record ImageRegion(String graphicType, float[] graphicData, ImageReference image) {
    /** Coordinate counts by Graphic Type (PS3.3 C.18.6.1.2). */
    private static final Map<String, IntPredicate> COORDINATES = Map.of(
            "POINT", n -> n == 2,
            "CIRCLE", n -> n == 4,
            "ELLIPSE", n -> n == 8,
            "POLYLINE", n -> n >= 6 && n % 2 == 0);

    public ImageRegion {
        Objects.requireNonNull(image, "image");
        GraphicData.checkCoordinateCount("SCOORD", graphicType, graphicData.length, COORDINATES);
        graphicData = graphicData.clone();
    }

    /** A circle given by its centre and radius in pixels; the perimeter point lies toward the image centre. */
    public static ImageRegion circle(
            ImageReference image, double centreColumn, double centreRow, double radiusPx, int columns) {
        if (!(radiusPx > 0)) {
            throw new IllegalArgumentException("circle radius must be positive: " + radiusPx);
        }
        double edge = centreColumn < columns / 2.0 ? centreColumn + radiusPx : centreColumn - radiusPx;
        return new ImageRegion(
                "CIRCLE",
                new float[] {(float) centreColumn, (float) centreRow, (float) edge, (float) centreRow},
                image);
    }

    public static ImageRegion point(ImageReference image, double column, double row) {
        return new ImageRegion("POINT", new float[] {(float) column, (float) row}, image);
    }

    ContentItem item() {
        return ContentItem.scoord(
                ContentItem.Relationship.CONTAINS, Codes.IMAGE_REGION, graphicType, graphicData, image);
    }

    /** The same region as the source of a measurement: INFERRED FROM SCOORD without concept name (TID 320). */
    ContentItem inferredFromItem() {
        return ContentItem.scoord(ContentItem.Relationship.INFERRED_FROM, null, graphicType, graphicData, image);
    }
}

package org.aiworklist.inference.boxes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.aiworklist.inference.manifest.BoxOutput;
import org.junit.jupiter.api.Test;

class BoxTest {
    @Test
    void cornersAndCentreSizeFormatsDescribeTheSameBox() {
        Box corners = Box.of(new float[] {12, 20, 4, 2, 10, 0}, 0, BoxOutput.Format.XYZXYZ, 0.9, 0);
        Box centred = Box.of(new float[] {0, 7, 15, 2, 10, 10, 4}, 1, BoxOutput.Format.CCCWHD, 0.9, 0);
        assertArrayEquals(new double[] {2, 10, 0}, corners.min(), "corners are ordered whichever comes first");
        assertArrayEquals(new double[] {12, 20, 4}, corners.max());
        assertArrayEquals(corners.min(), centred.min());
        assertArrayEquals(corners.max(), centred.max());
        assertArrayEquals(new double[] {7, 15, 2}, centred.centre());
    }

    @Test
    void intersectionOverUnionIgnoresTheScaleOfAnAxis() {
        Box a = box(0, 0, 0, 10, 10, 10, 0.9, 0);
        Box b = box(5, 0, 0, 15, 10, 10, 0.8, 0);
        assertEquals(500.0 / 1500, a.iou(b), 1e-12);
        Box aStretched = box(0, 0, 0, 10, 10, 25, 0.9, 0);
        Box bStretched = box(5, 0, 0, 15, 10, 25, 0.8, 0);
        assertEquals(a.iou(b), aStretched.iou(bStretched), 1e-12, "voxels of any spacing compare as mm do");
        assertEquals(0, a.iou(box(20, 20, 20, 30, 30, 30, 0.5, 0)));
    }

    @Test
    void suppressionKeepsTheMostProbableOfOverlappingBoxesPerLabel() {
        Box best = box(0, 0, 0, 10, 10, 10, 0.95, 0);
        Box duplicate = box(1, 1, 0, 11, 11, 10, 0.90, 0);
        Box otherLabel = box(1, 1, 0, 11, 11, 10, 0.60, 1);
        Box apart = box(30, 30, 30, 40, 40, 40, 0.70, 0);
        assertEquals(
                List.of(best, apart, otherLabel),
                Box.suppress(List.of(duplicate, otherLabel, apart, best), 0.1, 10),
                "duplicate dropped, the other label's box and the distant box kept, most probable first");
        assertEquals(List.of(best), Box.suppress(List.of(duplicate, otherLabel, apart, best), 0.1, 1), "limit");
        assertEquals(
                List.of(best, duplicate, apart, otherLabel),
                Box.suppress(List.of(duplicate, otherLabel, apart, best), 0.9, 10),
                "overlap below the limit keeps both");
    }

    private static Box box(double x0, double y0, double z0, double x1, double y1, double z1, double score, int label) {
        return new Box(new double[] {x0, y0, z0}, new double[] {x1, y1, z1}, score, label);
    }
}

package org.aiworklist.inference.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aiworklist.inference.TestSeries;
import org.aiworklist.inference.manifest.AxisCode;
import org.aiworklist.inference.manifest.InputLayout;
import org.aiworklist.inference.manifest.IntensityTransform;
import org.aiworklist.inference.manifest.Preprocessing;
import org.junit.jupiter.api.Test;

class ModelGridTest {
    /** Values encode the patient position: 10000 x + 100 y + z (x, y, z < 100 mm). */
    private static Volume axial() throws VolumeException {
        return new VolumeAssembler((double[]) null)
                .assemble(TestSeries.of(4, 5, 6, 1.0, TestSeries.axial(), (x, y, z) -> 10000 * x + 100 * y + z));
    }

    private static double[] decode(float v) {
        double x = Math.floor(v / 10000);
        double y = Math.floor((v - 10000 * x) / 100);
        return new double[] {x, y, v - 10000 * x - 100 * y};
    }

    @Test
    void withoutCodeTheTensorIsTheVolumeItself() throws Exception {
        Volume v = axial();
        ModelGrid grid = ModelGrid.of(v, null);
        assertTrue(grid.identity());
        assertArrayEquals(new int[] {4, 5, 6}, grid.shape());
        assertEquals((2 * 5 + 3) * 6 + 4, grid.volumeIndex(2, 3, 4));
    }

    @Test
    void rasPutsPatientRightLeftOnTheFirstAxisGrowingTowardsTheRight() throws Exception {
        Volume v = axial();
        ModelGrid grid = ModelGrid.of(v, new AxisCode("RAS"));
        assertFalse(grid.identity());
        // axial LPS series: columns grow towards L (x), rows towards P (y), slices towards S (z)
        assertArrayEquals(new int[] {6, 5, 4}, grid.shape());
        for (int t0 = 0; t0 < 6; t0++) {
            for (int t1 = 0; t1 < 5; t1++) {
                for (int t2 = 0; t2 < 4; t2++) {
                    double[] p = decode(v.voxels()[grid.volumeIndex(t0, t1, t2)]);
                    assertEquals(5 - t0, p[0], 1e-3, "R: x falls along the first axis");
                    assertEquals(4 - t1, p[1], 1e-3, "A: y falls along the second axis");
                    assertEquals(t2, p[2], 1e-3, "S: z grows along the third axis");
                }
            }
        }
    }

    @Test
    void obliqueSeriesTakeTheNearestPatientAxis() throws Exception {
        double c = Math.cos(Math.toRadians(20));
        double s = Math.sin(Math.toRadians(20));
        // Coronal-ish: rows along x, columns mostly towards -z (feet), tilted 20 degrees towards y.
        double[] oblique = {1, 0, 0, 0, s, -c};
        Volume v = new VolumeAssembler((double[]) null).assemble(TestSeries.of(4, 5, 6, 1.0, oblique, (x, y, z) -> 0));
        ModelGrid grid = ModelGrid.of(v, new AxisCode("SPL"));
        assertEquals(1, grid.volumeAxis(0), "rows (towards feet) carry S, flipped");
        assertTrue(grid.flipped(0));
        assertEquals(0, grid.volumeAxis(1), "the slice normal carries P");
        assertEquals(2, grid.volumeAxis(2), "columns carry L");
        assertFalse(grid.flipped(2));
    }

    @Test
    void tensorOrderGoesBackToVolumeOrder() throws Exception {
        Volume v = axial();
        ModelGrid grid = ModelGrid.of(v, new AxisCode("ILA"));
        int[] shape = grid.shape();
        float[] tensor = new float[grid.size()];
        int n = 0;
        for (int t0 = 0; t0 < shape[0]; t0++) {
            for (int t1 = 0; t1 < shape[1]; t1++) {
                for (int t2 = 0; t2 < shape[2]; t2++) {
                    tensor[n++] = v.voxels()[grid.volumeIndex(t0, t1, t2)];
                }
            }
        }
        assertArrayEquals(v.voxels(), grid.toVolumeOrder(tensor));
    }

    @Test
    void spacingIsDeclaredPerTensorAxis() {
        Preprocessing pre = new Preprocessing(
                InputLayout.NCDHW,
                new AxisCode("RAS"),
                new double[] {1.5, 1.5, 2.0},
                List.of(List.of(new IntensityTransform.MinMax(0, 1))),
                1,
                null,
                1,
                1);
        // axial: slices carry S (2.0 mm), rows A (1.5), columns R (1.5) -> z, row, column
        assertArrayEquals(
                new double[] {2.0, 1.5, 1.5}, ModelGrid.targetSpacing(pre).of(TestSeries.axial()), 1e-12);
        double[] sagittal = {0, 1, 0, 0, 0, -1};
        assertArrayEquals(
                new double[] {1.5, 2.0, 1.5}, ModelGrid.targetSpacing(pre).of(sagittal), 1e-12);
    }
}

package org.aiworklist.inference.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aiworklist.inference.manifest.AxisCode;
import org.aiworklist.inference.manifest.InputLayout;
import org.aiworklist.inference.manifest.IntensityTransform;
import org.aiworklist.inference.manifest.Preprocessing;
import org.aiworklist.inference.manifest.SlidingWindowSpec;
import org.aiworklist.inference.manifest.SlidingWindowSpec.Weighting;
import org.junit.jupiter.api.Test;

class WindowPlanTest {
    private static Preprocessing volumes(SlidingWindowSpec window, int padMultiple) {
        return new Preprocessing(
                InputLayout.NCDHW,
                (AxisCode) null,
                null,
                List.of(List.of(new IntensityTransform.MinMax(0, 1))),
                1,
                window,
                padMultiple,
                2);
    }

    @Test
    void startsFollowMonaiWithTheLastWindowEndingAtTheEdge() {
        // InVesalius' 48/23 on a 100-voxel axis: 0, 23, 46, then 52 (= 100 - 48) instead of 69.
        assertArrayEquals(new int[] {0, 23, 46, 52}, WindowPlan.starts(100, 48, 23));
        assertArrayEquals(new int[] {0, 23, 46, 69, 92, 115, 128}, WindowPlan.starts(176, 48, 23));
        assertArrayEquals(new int[] {0, 24}, WindowPlan.starts(72, 48, 24));
        assertArrayEquals(new int[] {0}, WindowPlan.starts(48, 48, 23));
        assertArrayEquals(new int[] {0}, WindowPlan.starts(30, 48, 23), "an axis shorter than the window: padded");
    }

    @Test
    void windowsCoverEveryVoxelAndStayInside() {
        int[] shape = {61, 97, 50};
        WindowPlan plan = WindowPlan.of(
                shape,
                volumes(
                        new SlidingWindowSpec(
                                new int[] {48, 48, 48}, new int[] {23, 20, 30}, Weighting.CONSTANT, 0.125),
                        1));
        int[] covered = new int[shape[0] * shape[1] * shape[2]];
        for (int[] s : plan.starts()) {
            for (int a = 0; a < 3; a++) {
                assertTrue(s[a] >= 0 && s[a] + 48 <= Math.max(48, shape[a]), "window inside the grid");
            }
            for (int d = s[0]; d < Math.min(shape[0], s[0] + 48); d++) {
                for (int h = s[1]; h < Math.min(shape[1], s[1] + 48); h++) {
                    for (int w = s[2]; w < Math.min(shape[2], s[2] + 48); w++) {
                        covered[(d * shape[1] + h) * shape[2] + w]++;
                    }
                }
            }
        }
        int min = Integer.MAX_VALUE;
        for (int c : covered) {
            min = Math.min(min, c);
        }
        assertTrue(min >= 1, "every voxel is predicted at least once");
        assertEquals(2 * 4 * 2, plan.starts().size());
        for (float w : plan.weights()) {
            assertEquals(1f, w);
        }
    }

    @Test
    void gaussianWeightsPeakAtTheCentreAndFallWithSigma() {
        int[] size = {16, 32, 32};
        float[] w = WindowPlan.gaussian(size, 0.125, false);
        assertEquals(1f, w[(8 * 32 + 16) * 32 + 16], 1e-6);
        // sigma along the last axis is 0.125 * 32 = 4 voxels: one sigma off the centre the weight is exp(-1/2)
        assertEquals(Math.exp(-0.5), w[(8 * 32 + 16) * 32 + 20], 1e-5);
        assertEquals(w[(8 * 32 + 16) * 32 + 12], w[(8 * 32 + 16) * 32 + 20], 1e-6, "symmetric about the centre");
        assertEquals(WindowPlan.MIN_WEIGHT, w[0], 1e-9, "corners keep MONAI's floor");
        for (int x = 17; x < 32; x++) {
            assertTrue(w[(8 * 32 + 16) * 32 + x] <= w[(8 * 32 + 16) * 32 + x - 1], "falls away from the centre");
        }
    }

    @Test
    void withoutSlidingWindowSlicesOrTheWholeVolumeArePaddedToTheMultiple() {
        WindowPlan whole = WindowPlan.of(new int[] {30, 50, 41}, volumes(null, 16));
        assertArrayEquals(new int[] {32, 64, 48}, whole.size());
        assertEquals(1, whole.starts().size());

        Preprocessing slices = new Preprocessing(
                InputLayout.NCHW,
                null,
                null,
                List.of(List.of(new IntensityTransform.Window(-1000, 400))),
                3,
                null,
                4,
                8);
        WindowPlan plan = WindowPlan.of(new int[] {7, 50, 41}, slices);
        assertArrayEquals(new int[] {1, 52, 44}, plan.size());
        assertEquals(7, plan.starts().size());
        assertArrayEquals(new int[] {6, 0, 0}, plan.starts().get(6));
    }
}

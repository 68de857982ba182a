package org.aiworklist.inference.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IntensityTransformTest {
    @Test
    void windowClipsAndScalesToUnitRange() {
        float[] v = {-1100, -1000, -300, 400, 900};
        new IntensityTransform.Window(-1000, 400).apply(v);
        assertArrayEquals(new float[] {0, 0, 0.5f, 1, 1}, v, 1e-6f);
    }

    @Test
    void minMaxUsesTheVolumesOwnRange() {
        float[] v = {10, 20, 30, 50};
        new IntensityTransform.MinMax(0, 1).apply(v);
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 1}, v, 1e-6f);
        float[] constant = {7, 7};
        new IntensityTransform.MinMax(-1, 1).apply(constant);
        assertArrayEquals(new float[] {-1, -1}, constant, "a flat volume does not divide by zero");
    }

    @Test
    void zScoreOverAllOrOnlyNonZeroVoxels() {
        float[] all = {1, 2, 3, 4};
        new IntensityTransform.ZScore(false).apply(all);
        double sd = Math.sqrt(1.25);
        assertArrayEquals(
                new float[] {(float) (-1.5 / sd), (float) (-0.5 / sd), (float) (0.5 / sd), (float) (1.5 / sd)},
                all,
                1e-6f);

        float[] masked = {0, 2, 4, 0};
        new IntensityTransform.ZScore(true).apply(masked);
        assertArrayEquals(new float[] {0, -1, 1, 0}, masked, 1e-6f, "background stays 0, stats of 2 and 4 only");
    }

    @Test
    void percentileClipInterpolatesLikeNumpy() {
        float[] v = new float[101];
        for (int i = 0; i <= 100; i++) {
            v[i] = 100 - i; // 100 .. 0, unsorted on purpose
        }
        new IntensityTransform.PercentileClip(2.5, 97.5).apply(v);
        assertEquals(97.5f, v[0], 1e-5);
        assertEquals(2.5f, v[100], 1e-5);
        assertEquals(50f, v[50], 1e-6);
        // numpy.percentile([0, 10, 20, 30], 50) == 15
        assertEquals(15f, IntensityTransform.PercentileClip.percentile(new float[] {0, 10, 20, 30}, 50), 1e-6);
    }
}

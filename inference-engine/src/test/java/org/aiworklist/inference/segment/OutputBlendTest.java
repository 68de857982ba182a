package org.aiworklist.inference.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OutputBlendTest {
    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        Arrays.fill(a, value);
        return a;
    }

    @Test
    void constantWeightingAveragesOverlappingWindows() {
        int[] shape = {1, 1, 6};
        int[] size = {1, 1, 4};
        float[] ones = filled(4, 1);
        OutputBlend blend = new OutputBlend(shape, 1);
        blend.add(0, filled(4, 0.2f), 0, new int[] {0, 0, 0}, size, ones, true);
        blend.add(0, filled(4, 0.8f), 0, new int[] {0, 0, 2}, size, ones, true);
        float[] out = blend.blended(0);
        assertEquals(0.2f, out[0], 1e-6);
        assertEquals(0.2f, out[1], 1e-6);
        assertEquals(0.5f, out[2], 1e-6, "overlap: the mean of both windows");
        assertEquals(0.5f, out[3], 1e-6);
        assertEquals(0.8f, out[5], 1e-6);
    }

    @Test
    void weightsFavourEachWindowsCentreAndPaddingOutsideTheGridIsDropped() {
        int[] shape = {1, 1, 3};
        int[] size = {1, 1, 4};
        float[] w = {0.1f, 1, 1, 0.1f};
        OutputBlend blend = new OutputBlend(shape, 2);
        // Second channel shares the weights counted with the first.
        blend.add(0, new float[] {1, 1, 1, 99}, 0, new int[] {0, 0, 0}, size, w, true);
        blend.add(1, new float[] {0, 0, 0, 99}, 0, new int[] {0, 0, 0}, size, w, false);
        blend.add(0, new float[] {9, 0, 0, 0}, 0, new int[] {0, 0, 2}, size, w, true);
        blend.add(1, new float[] {9, 4, 4, 4}, 0, new int[] {0, 0, 2}, size, w, false);
        float[] first = blend.blended(0);
        float[] second = blend.blended(1);
        assertEquals(1f, first[1], 1e-6);
        // voxel 2: window 1 at its centre (w 1, value 1), window 2 at its edge (w 0.1, value 9)
        assertEquals((1 * 1 + 0.1f * 9) / 1.1f, first[2], 1e-5);
        assertEquals((0.1f * 9) / 1.1f, second[2], 1e-5);
    }
}

package org.aiworklist.inference.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.aiworklist.inference.TestSeries;
import org.aiworklist.inference.manifest.InputLayout;
import org.aiworklist.inference.manifest.IntensityTransform;
import org.aiworklist.inference.manifest.Preprocessing;
import org.junit.jupiter.api.Test;

class ModelInputTest {
    /** Slice k, row r, column c holds 100 k + 10 r + c. */
    private static Volume ramp() throws VolumeException {
        return new VolumeAssembler((double[]) null)
                .assemble(TestSeries.of(3, 4, 5, 1.0, TestSeries.axial(), (x, y, z) -> 100 * z + 10 * y + x));
    }

    @Test
    void volumeWindowsAreZeroPaddedPastTheEdge() throws Exception {
        Preprocessing pre = new Preprocessing(
                InputLayout.NCDHW, null, null, List.of(List.of(new IntensityTransform.Window(0, 1000))), 1, null, 1, 1);
        ModelInput input = ModelInput.of(ramp(), pre);
        float[] dst = new float[2 * 3 * 4];
        input.fill(dst, 0, new int[] {1, 2, 3}, new int[] {2, 3, 4});
        assertEquals(0.123f, dst[0], 1e-6, "(1, 2, 3)");
        assertEquals(0.124f, dst[1], 1e-6);
        assertEquals(0f, dst[2], "column 5 is past the edge");
        assertEquals(0.133f, dst[4], 1e-6, "(1, 3, 3)");
        assertEquals(0f, dst[8], "row 4 is past the edge");
        assertEquals(0.223f, dst[12], 1e-6, "(2, 2, 3)");
    }

    @Test
    void slicesBringTheirContextPerIntensityChannelRepeatingEdgeSlices() throws Exception {
        Preprocessing pre = new Preprocessing(
                InputLayout.NCHW,
                null,
                null,
                List.of(
                        List.of(new IntensityTransform.Window(0, 1000)),
                        List.of(new IntensityTransform.Window(0, 100))),
                3,
                null,
                1,
                1);
        ModelInput input = ModelInput.of(ramp(), pre);
        assertEquals(6 * 4 * 5, input.windowValues(new int[] {1, 4, 5}));
        float[] dst = new float[6 * 4 * 5];
        input.fill(dst, 0, new int[] {0, 0, 0}, new int[] {1, 4, 5});
        int plane = 20;
        // channel 0: slices -1 (= 0, repeated), 0, 1 in the wide window; channel 1: the same in the narrow one
        assertEquals(0.011f, dst[6], 1e-6);
        assertEquals(0.011f, dst[plane + 6], 1e-6);
        assertEquals(0.111f, dst[2 * plane + 6], 1e-6);
        assertEquals(0.11f, dst[3 * plane + 6], 1e-6);
        assertEquals(1f, dst[5 * plane + 6], 1e-6, "111 clipped to the narrow window");
    }
}

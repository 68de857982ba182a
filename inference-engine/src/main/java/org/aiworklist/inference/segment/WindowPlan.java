package org.aiworklist.inference.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aiworklist.inference.manifest.InputLayout;
import org.aiworklist.inference.manifest.Preprocessing;
import org.aiworklist.inference.manifest.SlidingWindowSpec;

/**
 * The windows a model sees of a tensor grid and how much each of their voxels counts when overlapping outputs are
 * blended. With a sliding window the starts follow MONAI's {@code sliding_window_inference}: every {@code stride}
 * voxels, the last window moved back to end at the edge, one window on an axis no longer than the window (padded
 * with zeros past the edge). Without one, each slice (NCHW) or the whole volume (NCDHW) is one window, padded up
 * to the model's multiple.
 *
 * @param size    window size on the three tensor axes (slices first; 1 there for NCHW)
 * @param starts  every window's start on the three axes
 * @param weights per window voxel, z-major, the blending weight
 */
public record WindowPlan(int[] size, List<int[]> starts, float[] weights) {
    /** MONAI's floor for Gaussian weights, so that window edges still count a little and nothing divides by zero. */
    static final float MIN_WEIGHT = 1e-3f;

    public WindowPlan {
        size = size.clone();
        starts = List.copyOf(starts);
    }

    @Override
    public int[] size() {
        return size.clone();
    }

    public static WindowPlan of(int[] shape, Preprocessing pre) {
        boolean slices = pre.layout() == InputLayout.NCHW;
        SlidingWindowSpec spec = pre.slidingWindow();
        int[] size = new int[3];
        int[] stride = new int[3];
        int axis0 = slices ? 1 : 0;
        for (int t = 0; t < 3; t++) {
            if (slices && t == 0) {
                size[t] = 1;
                stride[t] = 1;
            } else if (spec != null) {
                size[t] = spec.roiSize()[t - axis0];
                stride[t] = spec.stride()[t - axis0];
            } else {
                int m = pre.padMultiple();
                size[t] = (shape[t] + m - 1) / m * m;
                stride[t] = size[t];
            }
        }
        float[] weights = spec != null && spec.weighting() == SlidingWindowSpec.Weighting.GAUSSIAN
                ? gaussian(size, spec.sigmaScale(), slices)
                : constant(size);
        return new WindowPlan(size, grid(shape, size, stride), weights);
    }

    /** Starts along one axis: every stride, the last one ending at the edge (MONAI's dense patch slices). */
    static int[] starts(int length, int window, int stride) {
        if (length <= window) {
            return new int[] {0};
        }
        int count = (length - window + stride - 1) / stride + 1;
        int[] starts = new int[count];
        for (int n = 0; n < count; n++) {
            starts[n] = Math.min(n * stride, length - window);
        }
        return starts;
    }

    private static List<int[]> grid(int[] shape, int[] size, int[] stride) {
        int[] s0 = starts(shape[0], size[0], stride[0]);
        int[] s1 = starts(shape[1], size[1], stride[1]);
        int[] s2 = starts(shape[2], size[2], stride[2]);
        List<int[]> starts = new ArrayList<>(s0.length * s1.length * s2.length);
        for (int a : s0) {
            for (int b : s1) {
                for (int c : s2) {
                    starts.add(new int[] {a, b, c});
                }
            }
        }
        return starts;
    }

    private static float[] constant(int[] size) {
        float[] w = new float[size[0] * size[1] * size[2]];
        Arrays.fill(w, 1f);
        return w;
    }

    /**
     * MONAI's Gaussian importance map: centred on the window's middle voxel, sigma {@code sigmaScale} times the
     * window size per axis, 1 at the centre, floored at {@link #MIN_WEIGHT}. The slice axis of NCHW windows is not
     * weighted.
     */
    static float[] gaussian(int[] size, double sigmaScale, boolean slices) {
        double[][] along = new double[3][];
        for (int t = 0; t < 3; t++) {
            along[t] = new double[size[t]];
            int centre = size[t] / 2;
            double sigma = sigmaScale * size[t];
            for (int x = 0; x < size[t]; x++) {
                along[t][x] = slices && t == 0 ? 1 : Math.exp(-(x - centre) * (x - centre) / (2 * sigma * sigma));
            }
        }
        float[] w = new float[size[0] * size[1] * size[2]];
        int n = 0;
        for (int a = 0; a < size[0]; a++) {
            for (int b = 0; b < size[1]; b++) {
                for (int c = 0; c < size[2]; c++) {
                    w[n++] = (float) Math.max(MIN_WEIGHT, along[0][a] * along[1][b] * along[2][c]);
                }
            }
        }
        return w;
    }
}

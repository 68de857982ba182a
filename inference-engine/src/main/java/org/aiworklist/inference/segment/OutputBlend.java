package org.aiworklist.inference.segment;

/**
 * Weighted sums of overlapping window outputs on the tensor grid, per blended channel, and the sum of weights per
 * voxel; the blend is their quotient. Only the part of a window inside the grid counts.
 */
final class OutputBlend {
    private final int[] shape;
    private final float[][] sums;
    private final float[] weights;

    OutputBlend(int[] shape, int channels) {
        this.shape = shape.clone();
        int n = shape[0] * shape[1] * shape[2];
        this.sums = new float[channels][n];
        this.weights = new float[n];
    }

    int channels() {
        return sums.length;
    }

    /**
     * Adds one window's values of one channel ({@code size} voxels from {@code offset}, z-major) weighted by
     * {@code w}; {@code countWeights} once per window, with its first channel.
     */
    void add(int channel, float[] values, int offset, int[] start, int[] size, float[] w, boolean countWeights) {
        float[] sum = sums[channel];
        int n = 0;
        for (int d = 0; d < size[0]; d++) {
            int t0 = start[0] + d;
            for (int h = 0; h < size[1]; h++) {
                int t1 = start[1] + h;
                if (t0 >= shape[0] || t1 >= shape[1]) {
                    n += size[2];
                    continue;
                }
                int base = (t0 * shape[1] + t1) * shape[2] + start[2];
                int inside = Math.max(0, Math.min(size[2], shape[2] - start[2]));
                for (int x = 0; x < inside; x++) {
                    float wx = w[n + x];
                    sum[base + x] += wx * values[offset + n + x];
                    if (countWeights) {
                        weights[base + x] += wx;
                    }
                }
                n += size[2];
            }
        }
    }

    /** The blended channel (tensor order, z-major); the sums are given up, so call once per channel. */
    float[] blended(int channel) {
        float[] out = sums[channel];
        for (int i = 0; i < out.length; i++) {
            out[i] = weights[i] > 0 ? out[i] / weights[i] : 0;
        }
        sums[channel] = null;
        return out;
    }
}

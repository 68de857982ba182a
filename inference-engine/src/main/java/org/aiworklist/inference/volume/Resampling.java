package org.aiworklist.inference.volume;

/**
 * Linear resampling weights along one axis with a tent kernel widened to the output spacing when downsampling,
 * so that shrinking (e.g. 0.7 mm to 2 mm) averages instead of aliasing. Input samples may be irregularly spaced
 * (slice positions); output samples are regular.
 */
final class Resampling {
    private final int[] first;
    private final float[][] weights;

    private Resampling(int[] first, float[][] weights) {
        this.first = first;
        this.weights = weights;
    }

    /** Regular input: sample i at i * inSpacing; output starts at input sample 0. */
    static Resampling regular(int inCount, double inSpacing, double outSpacing) {
        double[] positions = new double[inCount];
        for (int i = 0; i < inCount; i++) {
            positions[i] = i * inSpacing;
        }
        return of(positions, inSpacing, outSpacing, outputCount(positions, outSpacing));
    }

    static int outputCount(double[] sortedPositions, double outSpacing) {
        double extent = sortedPositions[sortedPositions.length - 1] - sortedPositions[0];
        return (int) Math.floor(extent / outSpacing + 1e-6) + 1;
    }

    /** Irregular sorted input positions with a typical spacing; output sample o at positions[0] + o * outSpacing. */
    static Resampling of(double[] positions, double inSpacing, double outSpacing, int outCount) {
        double halfWidth = Math.max(inSpacing, outSpacing);
        int[] first = new int[outCount];
        float[][] weights = new float[outCount][];
        int lo = 0;
        for (int o = 0; o < outCount; o++) {
            double p = positions[0] + o * outSpacing;
            while (lo < positions.length - 1 && positions[lo] <= p - halfWidth) {
                lo++;
            }
            int hi = lo;
            while (hi < positions.length - 1 && positions[hi + 1] < p + halfWidth) {
                hi++;
            }
            float[] w = new float[hi - lo + 1];
            double sum = 0;
            for (int i = lo; i <= hi; i++) {
                double v = Math.max(0, 1 - Math.abs(positions[i] - p) / halfWidth);
                w[i - lo] = (float) v;
                sum += v;
            }
            if (sum == 0) {
                // Only reachable at the very edge: take the nearest sample.
                w[0] = 1;
                sum = 1;
            }
            for (int i = 0; i < w.length; i++) {
                w[i] /= (float) sum;
            }
            first[o] = lo;
            weights[o] = w;
        }
        return new Resampling(first, weights);
    }

    int outputCount() {
        return first.length;
    }

    int first(int out) {
        return first[out];
    }

    float[] weights(int out) {
        return weights[out];
    }

    /** Resamples a row-major rows x cols plane along columns (x) then rows (y). */
    static float[] plane(float[] in, int rows, int cols, Resampling alongRows, Resampling alongColumns) {
        int outCols = alongColumns.outputCount();
        int outRows = alongRows.outputCount();
        float[] tmp = new float[rows * outCols];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int o = 0; o < outCols; o++) {
                float[] w = alongColumns.weights[o];
                int f = base + alongColumns.first[o];
                float v = 0;
                for (int i = 0; i < w.length; i++) {
                    v += w[i] * in[f + i];
                }
                tmp[r * outCols + o] = v;
            }
        }
        float[] out = new float[outRows * outCols];
        for (int o = 0; o < outRows; o++) {
            float[] w = alongRows.weights[o];
            int f = alongRows.first[o];
            int dst = o * outCols;
            for (int i = 0; i < w.length; i++) {
                int src = (f + i) * outCols;
                float wi = w[i];
                for (int c = 0; c < outCols; c++) {
                    out[dst + c] += wi * tmp[src + c];
                }
            }
        }
        return out;
    }
}

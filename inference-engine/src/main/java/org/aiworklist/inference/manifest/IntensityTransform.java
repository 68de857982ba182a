package org.aiworklist.inference.manifest;

import java.util.Arrays;

/**
 * One step that maps a channel's modality values (HU for CT, the scanner's units for MR) towards what the model was
 * trained on. Steps that need statistics take them over the whole volume, as MONAI's dictionary transforms do.
 */
public sealed interface IntensityTransform {
    /** Transforms every value of one channel volume in place. */
    void apply(float[] values);

    /**
     * Clips to [low, high] and scales that range to [0, 1] (MONAI {@code ScaleIntensityRanged}, b 0..1, clip).
     */
    record Window(double low, double high) implements IntensityTransform {
        public float map(float v) {
            float w = (float) ((v - low) / (high - low));
            return w < 0 ? 0 : w > 1 ? 1 : w;
        }

        @Override
        public void apply(float[] values) {
            for (int i = 0; i < values.length; i++) {
                values[i] = map(values[i]);
            }
        }
    }

    /** Scales the volume's own minimum to {@code low} and maximum to {@code high} (MONAI {@code ScaleIntensityd}). */
    record MinMax(double low, double high) implements IntensityTransform {
        @Override
        public void apply(float[] values) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            // A constant volume maps to low rather than dividing by zero.
            double scale = max > min ? (high - low) / ((double) max - min) : 0;
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (low + (values[i] - min) * scale);
            }
        }
    }

    /**
     * Subtracts the mean and divides by the standard deviation (MONAI {@code NormalizeIntensityd}); with
     * {@code nonzero} both are taken over non-zero voxels only and zeros stay zero.
     */
    record ZScore(boolean nonzero) implements IntensityTransform {
        @Override
        public void apply(float[] values) {
            double sum = 0;
            double squares = 0;
            long n = 0;
            for (float v : values) {
                if (!nonzero || v != 0) {
                    sum += v;
                    squares += (double) v * v;
                    n++;
                }
            }
            if (n == 0) {
                return;
            }
            double mean = sum / n;
            double sd = Math.sqrt(Math.max(0, squares / n - mean * mean));
            double scale = sd > 0 ? 1 / sd : 1;
            for (int i = 0; i < values.length; i++) {
                if (!nonzero || values[i] != 0) {
                    values[i] = (float) ((values[i] - mean) * scale);
                }
            }
        }
    }

    /**
     * Clips to the volume's {@code lowPercent} and {@code highPercent} percentiles (linear interpolation between
     * order statistics, as numpy's default); followed by {@link MinMax} it is MONAI's
     * {@code ScaleIntensityRangePercentilesd} with clip.
     */
    record PercentileClip(double lowPercent, double highPercent) implements IntensityTransform {
        @Override
        public void apply(float[] values) {
            float[] sorted = values.clone();
            Arrays.sort(sorted);
            float low = percentile(sorted, lowPercent);
            float high = percentile(sorted, highPercent);
            for (int i = 0; i < values.length; i++) {
                values[i] = Math.max(low, Math.min(high, values[i]));
            }
        }

        static float percentile(float[] sorted, double percent) {
            double position = percent / 100 * (sorted.length - 1);
            int below = (int) Math.floor(position);
            int above = Math.min(sorted.length - 1, below + 1);
            double fraction = position - below;
            return (float) (sorted[below] + fraction * (sorted[above] - sorted[below]));
        }
    }
}

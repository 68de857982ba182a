package org.aiworklist.inference.manifest;

/**
 * How a series becomes model input. The training script reads the same manifest, so these values are the
 * single source of truth for both.
 *
 * @param windowLowHu    HU mapped to 0
 * @param windowHighHu   HU mapped to 1 (values outside are clipped)
 * @param spacingMm      target voxel spacing z, row, column (mm); the volume is resampled to it
 * @param contextSlices  adjacent slices stacked as channels (odd: the centre slice is the one predicted)
 * @param padMultiple    height and width are zero-padded up to a multiple of this (the network's total stride)
 * @param batchSize      slices per model call
 */
public record Preprocessing(
        double windowLowHu,
        double windowHighHu,
        double[] spacingMm,
        int contextSlices,
        int padMultiple,
        int batchSize) {

    public Preprocessing {
        spacingMm = spacingMm.clone();
    }

    @Override
    public double[] spacingMm() {
        return spacingMm.clone();
    }

    /** Maps one HU value into the model's [0,1] input range. */
    public float window(float hu) {
        float v = (float) ((hu - windowLowHu) / (windowHighHu - windowLowHu));
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}

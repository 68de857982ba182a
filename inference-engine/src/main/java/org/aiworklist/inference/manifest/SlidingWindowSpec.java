package org.aiworklist.inference.manifest;

import java.util.Arrays;

/**
 * Patch-wise inference over a volume larger than the model's input, as MONAI's {@code sliding_window_inference}:
 * windows of {@code roiSize} start every {@code stride} voxels along each axis (the last one moved back to end at
 * the volume's edge) and overlapping outputs are blended with the weighting.
 *
 * @param roiSize    window size per spatial axis, tensor order
 * @param stride     distance between window starts per axis (MONAI: roi * (1 - overlap))
 * @param weighting  how each window's voxels count in the blend
 * @param sigmaScale Gaussian weighting only: sigma as a fraction of the window size (MONAI's default 0.125)
 */
public record SlidingWindowSpec(int[] roiSize, int[] stride, Weighting weighting, double sigmaScale) {
    /** MONAI's {@code mode}: every voxel of a window counts the same, or its centre counts most. */
    public enum Weighting {
        CONSTANT,
        GAUSSIAN
    }

    public SlidingWindowSpec {
        roiSize = roiSize.clone();
        stride = stride.clone();
        if (roiSize.length != stride.length) {
            throw new IllegalArgumentException("roiSize and stride need the same number of axes");
        }
    }

    @Override
    public int[] roiSize() {
        return roiSize.clone();
    }

    @Override
    public int[] stride() {
        return stride.clone();
    }

    @Override
    public String toString() {
        return "roi " + Arrays.toString(roiSize) + " stride " + Arrays.toString(stride) + " " + weighting;
    }
}

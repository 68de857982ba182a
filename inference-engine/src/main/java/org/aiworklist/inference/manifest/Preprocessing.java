package org.aiworklist.inference.manifest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How a series becomes model input, in this order: the volume is resampled to {@code spacingMm} and turned to
 * {@code orientation}; each intensity channel applies its transforms to a copy of the modality values; the tensor
 * is cut into windows (whole slices or the whole volume, zero-padded up to a multiple of {@code padMultiple}, or
 * sliding-window patches) and fed in batches. The training script of the demo reads the same manifest, so these
 * values are the single source of truth for both.
 *
 * @param layout        NCHW (slices, 2D or 2.5D) or NCDHW (volumes, 3D)
 * @param orientation   direction of each tensor axis in the patient; null keeps the series' own axes (slice along
 *                      the normal in ascending position, row, column)
 * @param spacingMm     voxel spacing per tensor axis (mm) the volume is resampled to; null keeps the source spacing
 * @param channels      per intensity channel, its transforms in order (several for multi-window input)
 * @param contextSlices NCHW: adjacent slices stacked as channels (odd: the centre slice is the one predicted); the
 *                      input channel c * contextSlices + s is channel c of context slice s
 * @param slidingWindow patch-wise inference, or null for whole slices (NCHW) or the whole volume (NCDHW)
 * @param padMultiple   whole-slice or whole-volume input is zero-padded up to a multiple of this (the network's
 *                      total stride)
 * @param batchSize     slices or patches per model call
 */
public record Preprocessing(
        InputLayout layout,
        AxisCode orientation,
        double[] spacingMm,
        List<List<IntensityTransform>> channels,
        int contextSlices,
        SlidingWindowSpec slidingWindow,
        int padMultiple,
        int batchSize) {
    /** Warm-up slice for whole-slice models: a 384 mm field of view at 2 mm, the usual chest case. */
    private static final int WARM_UP_PLANE = 192;
    /** Warm-up cube for whole-volume models. */
    private static final int WARM_UP_CUBE = 64;

    public Preprocessing {
        spacingMm = spacingMm == null ? null : spacingMm.clone();
        List<List<IntensityTransform>> copy = new ArrayList<>();
        channels.forEach(c -> copy.add(List.copyOf(c)));
        channels = List.copyOf(copy);
    }

    @Override
    public double[] spacingMm() {
        return spacingMm == null ? null : spacingMm.clone();
    }

    /** Channels of the model's input tensor. */
    public int inputChannels() {
        return channels.size() * contextSlices;
    }

    /** The input shape engines are warmed up with, so GPU engines are built for the shape most calls use. */
    public long[] warmUpShape() {
        int dims = layout.spatialDims();
        long[] shape = new long[2 + dims];
        shape[0] = slidingWindow != null || layout == InputLayout.NCHW ? batchSize : 1;
        shape[1] = inputChannels();
        for (int a = 0; a < dims; a++) {
            int size = slidingWindow != null
                    ? slidingWindow.roiSize()[a]
                    : roundUp(layout == InputLayout.NCHW ? WARM_UP_PLANE : WARM_UP_CUBE, padMultiple);
            shape[2 + a] = size;
        }
        return shape;
    }

    private static int roundUp(int size, int multiple) {
        return (size + multiple - 1) / multiple * multiple;
    }

    /** What the SR's algorithm parameters say about the input. */
    List<String> parameters() {
        List<String> parameters = new ArrayList<>();
        if (spacingMm != null) {
            parameters.add("spacingMm=" + Arrays.toString(spacingMm));
        }
        if (orientation != null) {
            parameters.add("orientation=" + orientation);
        }
        if (slidingWindow != null) {
            parameters.add("slidingWindow=" + slidingWindow);
        }
        return parameters;
    }
}

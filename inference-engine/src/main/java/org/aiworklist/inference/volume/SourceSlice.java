package org.aiworklist.inference.volume;

import org.aiworklist.common.ImageReference;

/**
 * What is kept of one source image after its pixels went into the volume: its identity and where it lies.
 *
 * @param position Image Position (Patient), null for projection images
 * @param normalMm position along the slice normal (0 for projection images)
 */
public record SourceSlice(ImageReference reference, double[] position, double normalMm) {}

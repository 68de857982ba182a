package org.aiworklist.inference.manifest;

import java.util.List;

/**
 * What the model's output means and how it becomes findings.
 *
 * @param type          {@code heatmap-detections} (the only type this node post-processes today)
 * @param stride        input pixels per heat-map pixel along rows and columns
 * @param threshold     heat-map probability at which a voxel belongs to a detection
 * @param minVoxels     smallest connected group of heat-map voxels that counts as a detection (isolated voxels
 *                      are where the model flickers on vessel crossings)
 * @param nmsDistanceMm detections whose centres are closer than this are merged, keeping the most probable
 * @param maxFindings   at most this many findings per series, most probable first
 * @param maxDiameterMm largest object the model is meant to find; bounds the measurement region
 * @param labels        one entry per output channel
 */
public record OutputContract(
        String type,
        int stride,
        double threshold,
        int minVoxels,
        double nmsDistanceMm,
        int maxFindings,
        double maxDiameterMm,
        List<Label> labels) {
    public static final String HEATMAP_DETECTIONS = "heatmap-detections";
    public static final List<String> TYPES = List.of(HEATMAP_DETECTIONS, "classification", "segmentation");

    public OutputContract {
        labels = List.copyOf(labels);
    }
}

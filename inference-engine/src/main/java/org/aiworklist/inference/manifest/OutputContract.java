package org.aiworklist.inference.manifest;

import java.util.ArrayList;
import java.util.List;

/**
 * What the model's output means and how it becomes findings or segments.
 *
 * @param type          {@code heatmap-detections} or {@code segmentation}
 * @param stride        heat maps: input pixels per heat-map pixel along rows and columns
 * @param threshold     heat maps: probability at which a voxel belongs to a detection
 * @param minVoxels     heat maps: smallest connected group of heat-map voxels that counts as a detection
 *                      (isolated voxels are where the model flickers on vessel crossings)
 * @param nmsDistanceMm heat maps: detections whose centres are closer than this are merged, keeping the most
 *                      probable
 * @param maxFindings   heat maps: at most this many findings per series, most probable first
 * @param maxDiameterMm heat maps: largest object the model is meant to find; bounds the measurement region
 * @param labels        heat maps: one entry per output channel
 * @param segmentation  segmentation models: their segments and decisions; null for other types
 */
public record OutputContract(
        String type,
        int stride,
        double threshold,
        int minVoxels,
        double nmsDistanceMm,
        int maxFindings,
        double maxDiameterMm,
        List<Label> labels,
        SegmentationContract segmentation) {
    public static final String HEATMAP_DETECTIONS = "heatmap-detections";
    public static final String SEGMENTATION = "segmentation";
    public static final List<String> TYPES = List.of(HEATMAP_DETECTIONS, "classification", SEGMENTATION);

    public OutputContract {
        labels = List.copyOf(labels);
    }

    /** A segmentation model's contract: the heat-map fields do not apply. */
    static OutputContract of(SegmentationContract segmentation) {
        return new OutputContract(SEGMENTATION, 1, segmentation.threshold(), 1, 0, 0, 0, List.of(), segmentation);
    }

    /** What the SR's algorithm parameters say about the post-processing. */
    List<String> parameters() {
        List<String> parameters = new ArrayList<>();
        if (segmentation == null) {
            parameters.add("threshold=" + threshold);
            parameters.add("minVoxels=" + minVoxels);
            parameters.add("nmsDistanceMm=" + nmsDistanceMm);
        } else {
            parameters.add("segmentType=" + (segmentation.fractional() ? "FRACTIONAL" : "BINARY"));
            if (segmentation.decision() == SegmentationContract.Decision.THRESHOLD) {
                parameters.add("threshold=" + threshold);
            } else if (segmentation.decision() != null) {
                parameters.add("decision=argmax");
            }
        }
        return parameters;
    }
}

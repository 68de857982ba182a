package org.aiworklist.inference.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the model's output means and how it becomes findings. The heat-map keys (stride, minVoxels, nmsDistanceMm,
 * maxDiameterMm) are those of {@code heatmap-detections}; a classification model's contract is in
 * {@link #classification()}, a box detector's in {@link #boxes()}.
 *
 * @param type          one of {@link #TYPES}
 * @param stride        input pixels per heat-map pixel along rows and columns
 * @param threshold     heat-map probability at which a voxel belongs to a detection (a box detector: score at which
 *                      a box counts)
 * @param minVoxels     smallest connected group of heat-map voxels that counts as a detection (isolated voxels
 *                      are where the model flickers on vessel crossings)
 * @param nmsDistanceMm detections whose centres are closer than this are merged, keeping the most probable
 * @param maxFindings   at most this many findings per series, most probable first
 * @param maxDiameterMm largest object the model is meant to find; bounds the measurement region
 * @param labels        one entry per output channel (a classifier: per output column; a box detector: per label
 *                      value)
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
        Optional<ClassificationOutput> classification,
        Optional<BoxOutput> boxes) {
    public static final String HEATMAP_DETECTIONS = "heatmap-detections";
    public static final String CLASSIFICATION = "classification";
    public static final String BOX_DETECTION = "box-detection";
    public static final List<String> TYPES = List.of(HEATMAP_DETECTIONS, CLASSIFICATION, BOX_DETECTION, "segmentation");

    public OutputContract {
        labels = List.copyOf(labels);
    }

    /** A {@code heatmap-detections} contract. */
    public OutputContract(
            String type,
            int stride,
            double threshold,
            int minVoxels,
            double nmsDistanceMm,
            int maxFindings,
            double maxDiameterMm,
            List<Label> labels) {
        this(
                type,
                stride,
                threshold,
                minVoxels,
                nmsDistanceMm,
                maxFindings,
                maxDiameterMm,
                labels,
                Optional.empty(),
                Optional.empty());
    }

    static OutputContract classification(List<Label> labels, ClassificationOutput classification) {
        return new OutputContract(
                CLASSIFICATION, 1, 0, 1, 0, 1, 0, labels, Optional.of(classification), Optional.empty());
    }

    static OutputContract boxDetection(double threshold, int maxFindings, List<Label> labels, BoxOutput boxes) {
        return new OutputContract(
                BOX_DETECTION, 1, threshold, 1, 0, maxFindings, 0, labels, Optional.empty(), Optional.of(boxes));
    }

    /** A classifier whose positive verdict can raise a study's priority. */
    public boolean triage() {
        return classification.map(ClassificationOutput::triage).orElse(false);
    }

    /** What the SR and SC list as the algorithm's parameters. */
    List<String> parameters() {
        if (classification.isPresent()) {
            return classification.get().parameters();
        }
        List<String> parameters = new ArrayList<>(List.of("threshold=" + threshold));
        if (boxes.isPresent()) {
            parameters.addAll(boxes.get().parameters());
        } else {
            parameters.addAll(List.of("minVoxels=" + minVoxels, "nmsDistanceMm=" + nmsDistanceMm));
        }
        return parameters;
    }
}

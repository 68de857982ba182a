package org.aiworklist.inference.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the model's output means and how it becomes findings, verdicts or segments. The scalar fields are those of
 * {@code heatmap-detections}; each other type carries its own contract in one of the optional components
 * ({@link #classification()}, {@link #boxes()}, {@link #segmentation()}), present exactly for that type.
 *
 * @param type          one of {@link #TYPES}
 * @param stride        heat maps: input pixels per heat-map pixel along rows and columns
 * @param threshold     heat maps: probability at which a voxel belongs to a detection; box detectors: score at
 *                      which a box counts; segmentation: the {@code threshold} decision's probability
 * @param minVoxels     heat maps: smallest connected group of heat-map voxels that counts as a detection
 *                      (isolated voxels are where the model flickers on vessel crossings)
 * @param nmsDistanceMm heat maps: detections whose centres are closer than this are merged, keeping the most
 *                      probable
 * @param maxFindings   heat maps and box detectors: at most this many findings per series, most probable first
 * @param maxDiameterMm heat maps: largest object the model is meant to find; bounds the measurement region
 * @param labels        heat maps: one entry per output channel; classifiers: per output column; box detectors: per
 *                      label value; segmentation: none (its segments are in {@link #segmentation()})
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
        Optional<BoxOutput> boxes,
        Optional<SegmentationContract> segmentation) {
    public static final String HEATMAP_DETECTIONS = "heatmap-detections";
    public static final String CLASSIFICATION = "classification";
    public static final String BOX_DETECTION = "box-detection";
    public static final String SEGMENTATION = "segmentation";
    public static final List<String> TYPES = List.of(HEATMAP_DETECTIONS, CLASSIFICATION, BOX_DETECTION, SEGMENTATION);

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
                Optional.empty(),
                Optional.empty());
    }

    static OutputContract classification(List<Label> labels, ClassificationOutput classification) {
        return new OutputContract(
                CLASSIFICATION,
                1,
                0,
                1,
                0,
                1,
                0,
                labels,
                Optional.of(classification),
                Optional.empty(),
                Optional.empty());
    }

    static OutputContract boxDetection(double threshold, int maxFindings, List<Label> labels, BoxOutput boxes) {
        return new OutputContract(
                BOX_DETECTION,
                1,
                threshold,
                1,
                0,
                maxFindings,
                0,
                labels,
                Optional.empty(),
                Optional.of(boxes),
                Optional.empty());
    }

    static OutputContract segmentation(SegmentationContract segmentation) {
        return new OutputContract(
                SEGMENTATION,
                1,
                segmentation.threshold(),
                1,
                0,
                0,
                0,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(segmentation));
    }

    /** A classifier whose positive verdict can raise a study's priority. */
    public boolean triage() {
        return classification.map(ClassificationOutput::triage).orElse(false);
    }

    /** What the SR and SC list as the post-processing's parameters. */
    List<String> parameters() {
        if (classification.isPresent()) {
            return classification.get().parameters();
        }
        if (segmentation.isPresent()) {
            return segmentation.get().parameters();
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

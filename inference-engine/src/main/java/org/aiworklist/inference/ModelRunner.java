package org.aiworklist.inference;

import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.inference.boxes.BoxDetector;
import org.aiworklist.inference.classify.SliceClassifier;
import org.aiworklist.inference.detect.HeatmapDetector;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.manifest.OutputContract;
import org.aiworklist.inference.segment.Segmenter;
import org.aiworklist.inference.volume.VolumeException;

/** Runs a loaded model over a series with the post-processing its manifest's output type names. */
public final class ModelRunner {
    private ModelRunner() {}

    /**
     * Assembles the series, runs the model and decodes its output: findings for heat maps and boxes, verdicts for
     * classifiers, a {@link org.aiworklist.common.Segmentation} on the source images for segmentation models.
     *
     * @throws VolumeException when the series is inconsistent or outside the model's input contract
     */
    public static InferenceResult run(LoadedModel model, Iterable<ImageSlice> series) throws VolumeException {
        return switch (model.manifest().output().type()) {
            case OutputContract.CLASSIFICATION -> SliceClassifier.classify(model, series);
            case OutputContract.BOX_DETECTION -> BoxDetector.detect(model, series);
            case OutputContract.SEGMENTATION -> Segmenter.segment(model, series);
            default -> HeatmapDetector.detect(model, series);
        };
    }
}

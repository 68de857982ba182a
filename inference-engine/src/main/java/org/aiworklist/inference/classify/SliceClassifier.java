package org.aiworklist.inference.classify;

import java.util.Arrays;
import org.aiworklist.common.Classification;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.inference.detect.HeatmapDetector;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.manifest.ClassificationOutput;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.manifest.Preprocessing;
import org.aiworklist.inference.volume.Volume;
import org.aiworklist.inference.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@code classification} model over a series: the volume is assembled and windowed as for the heat-map
 * detector, each batch of 2.5D slice stacks gives one probability per slice and label, and the series' probability
 * for a label is its highest slice's.
 */
public final class SliceClassifier {
    private static final Logger log = LoggerFactory.getLogger(SliceClassifier.class);

    private SliceClassifier() {}

    public static InferenceResult classify(LoadedModel model, Iterable<ImageSlice> series) throws VolumeException {
        ModelManifest manifest = model.manifest();
        ClassificationOutput out = manifest.output().classification().orElseThrow();
        long t0 = System.nanoTime();
        Volume volume = HeatmapDetector.assemble(manifest, series);
        long t1 = System.nanoTime();
        double[] probabilities = seriesProbabilities(model, volume, out.labels().size());
        long t2 = System.nanoTime();
        Classification verdicts = out.verdicts(probabilities);
        log.info(
                "series {}: {} slices -> {}x{}x{} volume, {} label(s) present of {} by {} on {} (assemble {} ms,"
                        + " model {} ms)",
                PhiSafe.hash(volume.sources().get(0).reference().seriesInstanceUid()),
                volume.sources().size(),
                volume.depth(),
                volume.height(),
                volume.width(),
                verdicts.present().size(),
                verdicts.verdicts().size(),
                manifest.label(),
                model.engine().kind(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000);
        return new InferenceResult(manifest.algorithmIdentity(), verdicts, volume.references());
    }

    /** Per label, the highest probability of any slice. */
    static double[] seriesProbabilities(LoadedModel model, Volume volume, int labels) {
        Preprocessing pre = model.manifest().preprocessing();
        int pad = pre.padMultiple();
        int height = (volume.height() + pad - 1) / pad * pad;
        int width = (volume.width() + pad - 1) / pad * pad;
        double[] max = new double[labels];
        Arrays.fill(max, 0);
        // GPU engines get full batches only: a new batch size would make TensorRT build another engine.
        boolean fullBatches = model.engine().kind().needsGpu();
        float[] input = null;
        for (int k0 = 0; k0 < volume.depth(); k0 += pre.batchSize()) {
            int n = Math.min(pre.batchSize(), volume.depth() - k0);
            int batch = fullBatches ? pre.batchSize() : n;
            int size = batch * pre.contextSlices() * height * width;
            if (input == null || input.length != size) {
                input = new float[size];
            }
            HeatmapDetector.fill(input, volume, pre, k0, n, height, width);
            LoadedModel.Output output = model.run(input, new long[] {batch, pre.contextSlices(), height, width});
            long[] shape = output.shape();
            if (shape.length != 2 || shape[0] != batch || shape[1] != labels) {
                throw new IllegalStateException(model.manifest().label() + " returned shape " + Arrays.toString(shape)
                        + ", manifest implies [" + batch + ", " + labels + "]");
            }
            for (int b = 0; b < n; b++) {
                for (int l = 0; l < labels; l++) {
                    max[l] = Math.max(max[l], output.values()[b * labels + l]);
                }
            }
        }
        return max;
    }
}

package org.aiworklist.inference.classify;

import java.util.Arrays;
import org.aiworklist.common.Classification;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.inference.detect.SeriesContract;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.manifest.ClassificationOutput;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.segment.WindowBatches;
import org.aiworklist.inference.segment.WindowPlan;
import org.aiworklist.inference.volume.ModelInput;
import org.aiworklist.inference.volume.Volume;
import org.aiworklist.inference.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@code classification} model over a series: the volume is assembled and prepared as the manifest's
 * preprocessing declares, each batch of windows (slices or 2.5D slice stacks, the whole volume, or sliding-window
 * patches) gives one probability per window and label, and the series' probability for a label is its highest
 * window's.
 */
public final class SliceClassifier {
    private static final Logger log = LoggerFactory.getLogger(SliceClassifier.class);

    private SliceClassifier() {}

    public static InferenceResult classify(LoadedModel model, Iterable<ImageSlice> series) throws VolumeException {
        ModelManifest manifest = model.manifest();
        ClassificationOutput out = manifest.output().classification().orElseThrow();
        long t0 = System.nanoTime();
        Volume volume = SeriesContract.assemble(manifest, series);
        ModelInput input = ModelInput.of(volume, manifest.preprocessing());
        long t1 = System.nanoTime();
        double[] probabilities = seriesProbabilities(model, input, out.labels().size());
        long t2 = System.nanoTime();
        Classification verdicts = out.verdicts(probabilities);
        log.info(
                "series {}: {} slices -> {}x{}x{} volume, {} label(s) present of {} by {} on {} (prepare {} ms,"
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

    /** Per label, the highest probability of any window. */
    static double[] seriesProbabilities(LoadedModel model, ModelInput input, int labels) {
        WindowPlan plan = WindowPlan.of(input.grid().shape(), model.manifest().preprocessing());
        double[] max = new double[labels];
        WindowBatches.run(model, input, plan, (output, batch, windows) -> {
            long[] got = output.shape();
            if (got.length != 2 || got[0] != batch || got[1] != labels) {
                throw new IllegalStateException(model.manifest().label() + " returned shape " + Arrays.toString(got)
                        + ", manifest implies [" + batch + ", " + labels + "]");
            }
            for (int b = 0; b < windows.size(); b++) {
                for (int l = 0; l < labels; l++) {
                    max[l] = Math.max(max[l], output.values()[b * labels + l]);
                }
            }
        });
        return max;
    }
}

package org.aiworklist.inference.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aiworklist.common.Finding;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.manifest.Label;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.manifest.OutputContract;
import org.aiworklist.inference.manifest.Preprocessing;
import org.aiworklist.inference.volume.ModelInput;
import org.aiworklist.inference.volume.SourceSlice;
import org.aiworklist.inference.volume.Volume;
import org.aiworklist.inference.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@code heatmap-detections} model over a series: assemble and resample the volume, feed batches of
 * 2.5D slice stacks (neighbouring slices as channels, HU windowed to [0,1]), collect the heat map, find peaks
 * and measure each lesion on the HU volume.
 */
public final class HeatmapDetector {
    private static final Logger log = LoggerFactory.getLogger(HeatmapDetector.class);

    private HeatmapDetector() {}

    /** Heat maps for a volume, one float[depth * rows * cols] per output channel, on the stride grid. */
    public record Heatmaps(List<float[]> channels, int depth, int rows, int cols) {}

    public static InferenceResult detect(LoadedModel model, Iterable<ImageSlice> series) throws VolumeException {
        ModelManifest manifest = model.manifest();
        long t0 = System.nanoTime();
        Volume volume = assemble(manifest, series);
        long t1 = System.nanoTime();
        Heatmaps heat = heatmaps(model, volume);
        long t2 = System.nanoTime();
        List<Finding> findings = findings(manifest, volume, heat);
        long t3 = System.nanoTime();
        log.info(
                "series {}: {} slices -> {}x{}x{} volume, {} findings by {} on {} (assemble {} ms, model {} ms, post {} ms)",
                PhiSafe.hash(volume.sources().get(0).reference().seriesInstanceUid()),
                volume.sources().size(),
                volume.depth(),
                volume.height(),
                volume.width(),
                findings.size(),
                manifest.label(),
                model.engine().kind(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000);
        return new InferenceResult(manifest.algorithmIdentity(), findings, volume.references());
    }

    /** Checks the series against the input contract while assembling it at the model's spacing. */
    public static Volume assemble(ModelManifest manifest, Iterable<ImageSlice> series) throws VolumeException {
        return SeriesContract.assemble(manifest, series);
    }

    /** Runs the model over every slice of the volume in batches. */
    public static Heatmaps heatmaps(LoadedModel model, Volume volume) {
        Preprocessing pre = model.manifest().preprocessing();
        OutputContract out = model.manifest().output();
        ModelInput prepared = ModelInput.of(volume, pre);
        int channelsIn = pre.inputChannels();
        int pad = pre.padMultiple();
        int height = (volume.height() + pad - 1) / pad * pad;
        int width = (volume.width() + pad - 1) / pad * pad;
        int rows = height / out.stride();
        int cols = width / out.stride();
        int labels = out.labels().size();
        int depth = volume.depth();
        List<float[]> channels = new ArrayList<>();
        for (int l = 0; l < labels; l++) {
            channels.add(new float[depth * rows * cols]);
        }
        // GPU engines get full batches only: a new batch size would make TensorRT build another engine.
        boolean fullBatches = model.engine().kind().needsGpu();
        float[] input = null;
        for (int k0 = 0; k0 < depth; k0 += pre.batchSize()) {
            int n = Math.min(pre.batchSize(), depth - k0);
            int batch = fullBatches ? pre.batchSize() : n;
            int size = batch * channelsIn * height * width;
            if (input == null || input.length != size) {
                input = new float[size];
            }
            Arrays.fill(input, 0);
            for (int b = 0; b < n; b++) {
                prepared.fill(
                        input, b * channelsIn * height * width, new int[] {k0 + b, 0, 0}, new int[] {1, height, width});
            }
            LoadedModel.Output output = model.run(input, new long[] {batch, channelsIn, height, width});
            long[] shape = output.shape();
            if (shape.length != 4 || shape[0] != batch || shape[1] != labels || shape[2] != rows || shape[3] != cols) {
                throw new IllegalStateException(model.manifest().label() + " returned shape " + Arrays.toString(shape)
                        + ", manifest implies [" + batch + ", " + labels + ", " + rows + ", " + cols + "]");
            }
            int planeSize = rows * cols;
            for (int b = 0; b < n; b++) {
                for (int l = 0; l < labels; l++) {
                    System.arraycopy(
                            output.values(),
                            (b * labels + l) * planeSize,
                            channels.get(l),
                            (k0 + b) * planeSize,
                            planeSize);
                }
            }
        }
        return new Heatmaps(channels, depth, rows, cols);
    }

    private static List<Finding> findings(ModelManifest manifest, Volume volume, Heatmaps heat) {
        OutputContract out = manifest.output();
        List<Finding> findings = new ArrayList<>();
        for (int l = 0; l < out.labels().size(); l++) {
            Label label = out.labels().get(l);
            int number = 0;
            for (HeatmapPeaks.Peak peak : HeatmapPeaks.find(
                    heat.channels().get(l), heat.depth(), heat.rows(), heat.cols(), out, volume.spacing())) {
                NoduleMeasurement size =
                        NoduleMeasurement.measure(volume, peak.k(), peak.j(), peak.i(), out.maxDiameterMm());
                if (Double.isNaN(size.diameterMm())) {
                    // The demo reports solid lesions only: without a solid core there is nothing to measure or report.
                    log.debug("peak p={} without a solid core dropped", peak.probability());
                    continue;
                }
                SourceSlice source = volume.nearestSource(peak.k());
                boolean volumetric = volume.volumetric();
                findings.add(new Finding(
                        label.name() + "-" + ++number,
                        label.finding(),
                        label.site(),
                        source.reference(),
                        volume.sourceColumn(peak.i()),
                        volume.sourceRow(peak.j()),
                        volumetric ? volume.toPatient(peak.k(), peak.j(), peak.i()) : null,
                        volumetric ? volume.frameOfReferenceUid() : null,
                        size.diameterMm(),
                        volumetric ? size.volumeMm3() : Double.NaN,
                        Math.min(1, Math.max(0, peak.probability()))));
            }
        }
        return findings;
    }
}

package org.aiworklist.inference.boxes;

import static org.aiworklist.inference.volume.VolumeException.Reason.OUTSIDE_INPUT_CONTRACT;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.aiworklist.common.Finding;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.inference.detect.SeriesContract;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.manifest.BoxOutput;
import org.aiworklist.inference.manifest.Label;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.manifest.OutputContract;
import org.aiworklist.inference.manifest.Preprocessing;
import org.aiworklist.inference.segment.WindowPlan;
import org.aiworklist.inference.volume.ModelInput;
import org.aiworklist.inference.volume.SourceSlice;
import org.aiworklist.inference.volume.Volume;
import org.aiworklist.inference.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@code box-detection} model over a series: the whole windowed volume in one call, its boxes above the score
 * threshold through non-maximum suppression, and each kept box as a finding: centred on the source slice nearest to
 * the box centre, its diameter the box's larger in-plane side, its volume the ellipsoid inscribed in the box.
 */
public final class BoxDetector {
    private static final Logger log = LoggerFactory.getLogger(BoxDetector.class);

    private BoxDetector() {}

    public static InferenceResult detect(LoadedModel model, Iterable<ImageSlice> series) throws VolumeException {
        ModelManifest manifest = model.manifest();
        long t0 = System.nanoTime();
        Volume volume = SeriesContract.assemble(manifest, series);
        if (!volume.volumetric()) {
            throw new VolumeException(OUTSIDE_INPUT_CONTRACT, "a box-detection model needs a volume");
        }
        long t1 = System.nanoTime();
        List<Box> boxes = boxes(model, volume);
        long t2 = System.nanoTime();
        OutputContract out = manifest.output();
        List<Box> kept = Box.suppress(
                boxes.stream().filter(b -> b.score() >= out.threshold()).toList(),
                out.boxes().orElseThrow().nmsIou(),
                out.maxFindings());
        List<Finding> findings = findings(out, volume, kept);
        log.info(
                "series {}: {} slices -> {}x{}x{} volume, {} boxes, {} findings by {} on {} (assemble {} ms, model {}"
                        + " ms)",
                PhiSafe.hash(volume.sources().get(0).reference().seriesInstanceUid()),
                volume.sources().size(),
                volume.depth(),
                volume.height(),
                volume.width(),
                boxes.size(),
                findings.size(),
                manifest.label(),
                model.engine().kind(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000);
        return new InferenceResult(manifest.algorithmIdentity(), findings, volume.references());
    }

    /** Every box the model returned, in its coordinates. */
    static List<Box> boxes(LoadedModel model, Volume volume) {
        Preprocessing pre = model.manifest().preprocessing();
        OutputContract out = model.manifest().output();
        // The manifest guarantees the series' own axes and no sliding window: one window, the padded volume.
        ModelInput input = ModelInput.of(volume, pre);
        int[] size = WindowPlan.of(input.grid().shape(), pre).size();
        float[] values = new float[input.windowValues(size)];
        input.fill(values, 0, new int[3], size);
        List<LoadedModel.Output> outputs =
                model.runAll(values, new long[] {1, pre.inputChannels(), size[0], size[1], size[2]});
        return decode(outputs, out.boxes().orElseThrow().format(), out.labels().size(), model.manifest());
    }

    /** Boxes [K, 6] or [1, K, 6], scores [K] or [1, K], and optionally labels of the same shape. */
    static List<Box> decode(List<LoadedModel.Output> outputs, BoxOutput.Format format, int labels, ModelManifest m) {
        if (outputs.size() < 2) {
            throw new IllegalStateException(
                    m.label() + " returned " + outputs.size() + " output(s): a box detector returns boxes and scores");
        }
        long[] boxShape = outputs.get(0).shape();
        int k = (int) (boxShape.length == 3 && boxShape[0] == 1 ? boxShape[1] : boxShape[0]);
        if (boxShape[boxShape.length - 1] != 6
                || (boxShape.length != 2 && !(boxShape.length == 3 && boxShape[0] == 1))) {
            throw new IllegalStateException(
                    m.label() + " returned boxes of shape " + Arrays.toString(boxShape) + ", expected [K, 6]");
        }
        float[] scores = values(outputs.get(1), k, "scores", m);
        float[] labelValues = outputs.size() > 2 ? values(outputs.get(2), k, "labels", m) : new float[k];
        List<Box> boxes = new ArrayList<>();
        for (int b = 0; b < k; b++) {
            int label = Math.round(labelValues[b]);
            if (label < 0 || label >= labels) {
                throw new IllegalStateException(
                        m.label() + " returned label " + label + ", the manifest has " + labels + " label(s)");
            }
            boxes.add(Box.of(outputs.get(0).values(), b * 6, format, scores[b], label));
        }
        return boxes;
    }

    private static float[] values(LoadedModel.Output output, int k, String what, ModelManifest m) {
        if (output.values().length != k) {
            throw new IllegalStateException(m.label() + " returned " + what + " of shape "
                    + Arrays.toString(output.shape()) + " for " + k + " boxes");
        }
        return output.values();
    }

    /** Findings numbered per label, most probable first. */
    private static List<Finding> findings(OutputContract out, Volume volume, List<Box> boxes) {
        BoxOutput.Coordinates coordinates = out.boxes().orElseThrow().coordinates();
        Map<Integer, Integer> numbers = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        for (Box box : boxes) {
            Label label = out.labels().get(box.label());
            double[] centre = box.centre();
            double[] voxel = coordinates == BoxOutput.Coordinates.VOXEL
                    ? new double[] {centre[2], centre[1], centre[0]}
                    : volume.toVoxel(centre);
            SourceSlice source = volume.nearestSource(voxel[0]);
            double onSource = (source.normalMm() - volume.sources().get(0).normalMm()) / volume.spacing()[0];
            double[] sizeMm = sizeMm(box, coordinates, volume);
            findings.add(new Finding(
                    label.name() + "-" + numbers.merge(box.label(), 1, Integer::sum),
                    label.finding(),
                    label.site(),
                    source.reference(),
                    volume.sourceColumn(voxel[2]),
                    volume.sourceRow(voxel[1]),
                    volume.toPatient(onSource, voxel[1], voxel[2]),
                    volume.frameOfReferenceUid(),
                    Math.max(sizeMm[0], sizeMm[1]),
                    Math.PI / 6 * sizeMm[0] * sizeMm[1] * sizeMm[2],
                    Math.min(1, Math.max(0, box.score()))));
        }
        return findings;
    }

    /**
     * The box's extent along the volume's columns, rows and slice normal, in mm. A box in patient coordinates is
     * aligned with the patient axes: its extent along a direction is the sum of its sides weighted by that
     * direction's components.
     */
    private static double[] sizeMm(Box box, BoxOutput.Coordinates coordinates, Volume volume) {
        double[] s = box.size();
        if (coordinates == BoxOutput.Coordinates.VOXEL) {
            double[] spacing = volume.spacing();
            return new double[] {s[0] * spacing[2], s[1] * spacing[1], s[2] * spacing[0]};
        }
        double[][] axes = volume.axes();
        double[] extent = new double[3];
        for (int a = 0; a < 3; a++) {
            for (int d = 0; d < 3; d++) {
                extent[a] += Math.abs(axes[a][d]) * s[d];
            }
        }
        return extent;
    }
}

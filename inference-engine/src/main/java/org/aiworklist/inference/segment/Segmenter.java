package org.aiworklist.inference.segment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.common.Segmentation;
import org.aiworklist.inference.detect.SeriesContract;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.manifest.InputLayout;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.manifest.SegmentSpec;
import org.aiworklist.inference.manifest.SegmentationContract;
import org.aiworklist.inference.manifest.SegmentationContract.ScoreMap;
import org.aiworklist.inference.volume.ModelInput;
import org.aiworklist.inference.volume.Volume;
import org.aiworklist.inference.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@code segmentation} model over a series: assemble the volume at the model's spacing, prepare the input
 * as the manifest declares, run the model window by window in batches, blend the overlapping outputs, decide per
 * segment and bring the masks back to the source images.
 */
public final class Segmenter {
    private static final Logger log = LoggerFactory.getLogger(Segmenter.class);

    private Segmenter() {}

    public static InferenceResult segment(LoadedModel model, Iterable<ImageSlice> series) throws VolumeException {
        ModelManifest manifest = model.manifest();
        SegmentationContract contract = manifest.output().segmentation().orElseThrow();
        long t0 = System.nanoTime();
        Volume volume = SeriesContract.assemble(manifest, series);
        ModelInput input = ModelInput.of(volume, manifest.preprocessing());
        WindowPlan plan = WindowPlan.of(input.grid().shape(), manifest.preprocessing());
        long t1 = System.nanoTime();
        List<float[]> blended = run(model, input, plan, contract);
        long t2 = System.nanoTime();
        Segmentation segmentation = SourceMasks.of(volume, input.grid(), contract, SegmentScores.of(contract, blended));
        long t3 = System.nanoTime();
        log.info(
                "series {}: {} slices -> {} model grid, {} windows of {}, segments {} by {} on {}"
                        + " (prepare {} ms, model {} ms, post {} ms)",
                PhiSafe.hash(volume.sources().get(0).reference().seriesInstanceUid()),
                volume.sources().size(),
                Arrays.toString(input.grid().shape()),
                plan.starts().size(),
                Arrays.toString(plan.size()),
                segmentation.segments().stream()
                        .map(s -> s.label() + " " + Math.round(s.volumeMm3() / 1000) + " ml")
                        .toList(),
                manifest.label(),
                model.engine().kind(),
                (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000,
                (t3 - t2) / 1_000_000);
        return new InferenceResult(
                manifest.algorithmIdentity(), List.of(), Optional.of(segmentation), volume.references());
    }

    /** Every window through the model, batched; returns the blended channels {@link SegmentScores} expects. */
    private static List<float[]> run(
            LoadedModel model, ModelInput input, WindowPlan plan, SegmentationContract contract) {
        int[] size = plan.size();
        int windowVoxels = size[0] * size[1] * size[2];
        InputLayout layout = model.manifest().preprocessing().layout();
        OutputBlend[] blend = {null}; // made once the first batch shows the model's channels
        WindowBatches.run(model, input, plan, (output, batch, windows) -> {
            int channels = outputChannels(model, output.shape(), batch, size, layout);
            if (blend[0] == null) {
                blend[0] = new OutputBlend(input.grid().shape(), blendedChannels(model, contract, channels));
            }
            for (int b = 0; b < windows.size(); b++) {
                int[] start = windows.get(b);
                int offset = b * channels * windowVoxels;
                if (contract.map() == ScoreMap.LABELS) {
                    addVotes(blend[0], contract, output.values(), offset, start, size, plan.weights());
                } else {
                    for (int c = 0; c < channels; c++) {
                        blend[0].add(
                                c, output.values(), offset + c * windowVoxels, start, size, plan.weights(), c == 0);
                    }
                }
            }
        });
        List<float[]> blended = new ArrayList<>();
        for (int c = 0; c < blend[0].channels(); c++) {
            blended.add(blend[0].blended(c));
        }
        return blended;
    }

    /** Output channels, after checking that the output is one map of the window's size per channel. */
    private static int outputChannels(LoadedModel model, long[] shape, int batch, int[] size, InputLayout layout) {
        long[] spatial =
                layout == InputLayout.NCHW ? new long[] {size[1], size[2]} : new long[] {size[0], size[1], size[2]};
        boolean ok = shape.length == 2 + spatial.length && shape[0] == batch && shape[1] >= 1;
        for (int a = 0; ok && a < spatial.length; a++) {
            ok = shape[2 + a] == spatial[a];
        }
        if (!ok) {
            throw new IllegalStateException(model.manifest().label() + " returned shape " + Arrays.toString(shape)
                    + ", expected [" + batch + ", channels, "
                    + Arrays.toString(spatial).replaceAll("[\\[\\]]", "")
                    + "]");
        }
        return (int) shape[1];
    }

    private static int blendedChannels(LoadedModel model, SegmentationContract contract, int outputChannels) {
        if (contract.map() == ScoreMap.LABELS) {
            if (outputChannels != 1) {
                throw new IllegalStateException(
                        model.manifest().label() + " returned " + outputChannels + " channels; a label map has one");
            }
            return contract.segments().size();
        }
        for (SegmentSpec segment : contract.segments()) {
            if (segment.index() >= outputChannels) {
                throw new IllegalStateException(model.manifest().label() + ": segment '" + segment.label()
                        + "' reads channel " + segment.index() + " of " + outputChannels);
            }
        }
        return outputChannels;
    }

    /** Label maps are blended as votes: per segment, the weighted share of windows that gave the voxel its label. */
    private static void addVotes(
            OutputBlend blend,
            SegmentationContract contract,
            float[] labels,
            int offset,
            int[] start,
            int[] size,
            float[] weights) {
        float[] vote = new float[weights.length];
        for (int s = 0; s < contract.segments().size(); s++) {
            int value = contract.segments().get(s).index();
            for (int i = 0; i < vote.length; i++) {
                vote[i] = Math.round(labels[offset + i]) == value ? 1 : 0;
            }
            blend.add(s, vote, 0, start, size, weights, s == 0);
        }
    }
}

package org.aiworklist.inference.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.Segment;
import org.aiworklist.common.SegmentFrame;
import org.aiworklist.common.Segmentation;
import org.aiworklist.common.phantom.HeadMrPhantom;
import org.aiworklist.common.phantom.HeadMrSpec;
import org.aiworklist.common.phantom.HeadMrStudy;
import org.aiworklist.inference.InferenceEngine;
import org.aiworklist.inference.engine.EngineSelector;
import org.aiworklist.inference.engine.MachineCapabilities;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.manifest.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first real medical weights, end to end inside the inference engine: InVesalius' brain extraction network is
 * fetched from Debian, converted and verified, then run with its manifest's sliding window on the synthetic T1
 * head; its brain segment must overlap the phantom's brain mask with Dice >= 0.9.
 */
class InvesaliusBrainIT {
    @TempDir
    Path dir;

    @Test
    void fetchedModelExtractsThePhantomBrain() throws Exception {
        Path models = dir.resolve("models");
        long t0 = System.nanoTime();
        InvesaliusBrain.Installed installed = InvesaliusBrain.fetch(models, dir.resolve("work"), System.out::println);
        long t1 = System.nanoTime();
        assertTrue(installed.maxAbsoluteDifference() <= InvesaliusBrain.TOLERANCE);
        ModelRegistry registry = ModelRegistry.load(models);
        assertEquals(List.of(), registry.rejected());
        ModelManifest manifest = registry.find(InvesaliusBrain.MODEL_ID).orElseThrow();

        HeadMrStudy head = HeadMrPhantom.generate(HeadMrSpec.defaults().withSeed(3));
        InferenceResult result;
        long t2 = System.nanoTime();
        try (InferenceEngine engine =
                new InferenceEngine(new EngineSelector(MachineCapabilities.probe(), dir.resolve("engines")), 1)) {
            result = engine.infer(manifest, head.asSeries("2.25.1", "2.25.2", "2.25.3"));
        }
        long t3 = System.nanoTime();

        Segmentation segmentation = result.segmentation().orElseThrow();
        assertEquals(1, segmentation.segments().size());
        Segment brain = segmentation.segments().get(0);
        assertEquals("12738006", brain.type().value());
        assertTrue(!segmentation.fractional());
        double dice = dice(head, segmentation.frames());
        double truthMl =
                head.brainVoxels() * head.pixelSpacingMm() * head.pixelSpacingMm() * head.sliceThicknessMm() / 1000;
        System.out.printf(
                Locale.ROOT,
                "INVESALIUS package %s %.1f MB, fetch+convert+verify %.1f s; %d slices %dx%d: segmentation %.1f s;"
                        + " Dice %.4f, brain %.0f ml (truth %.0f ml), max |ONNX - Keras| %.1e%n",
                installed.packageVersion(),
                installed.packageBytes() / 1e6,
                (t1 - t0) / 1e9,
                head.slices(),
                head.rows(),
                head.columns(),
                (t3 - t2) / 1e9,
                dice,
                brain.volumeMm3() / 1000,
                truthMl,
                installed.maxAbsoluteDifference());
        assertTrue(dice >= 0.9, "Dice " + dice);
        assertEquals(truthMl, brain.volumeMm3() / 1000, 0.15 * truthMl);
        assertTrue(Files.size(installed.model()) > 1_000_000);
    }

    /** Dice of the segment's frames against the phantom's mask; SOP Instance UIDs end in the instance number. */
    private static double dice(HeadMrStudy head, List<SegmentFrame> frames) {
        byte[][] predicted = new byte[head.slices()][];
        List<Integer> seen = new ArrayList<>();
        for (SegmentFrame f : frames) {
            String uid = f.sourceImage().sopInstanceUid();
            int index = Integer.parseInt(uid.substring(uid.lastIndexOf('.') + 1)) - 1;
            assertEquals(head.rows(), f.rows());
            assertEquals(head.columns(), f.columns());
            predicted[index] = f.values();
            seen.add(index);
        }
        assertEquals(seen.size(), seen.stream().distinct().count(), "one frame per slice");
        long both = 0;
        long predictedCount = 0;
        long truthCount = 0;
        for (int k = 0; k < head.slices(); k++) {
            byte[] truth = head.brainMask(k);
            for (int i = 0; i < truth.length; i++) {
                int p = predicted[k] == null ? 0 : predicted[k][i];
                assertTrue(p == 0 || p == 1, "binary mask values");
                both += p & truth[i];
                predictedCount += p;
                truthCount += truth[i];
            }
        }
        return 2.0 * both / (predictedCount + truthCount);
    }
}

package org.aiworklist.inference.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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

        HeadMrStudy head = HeadMrPhantom.generate(HeadMrSpec.defaults().withSeed(4));
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
        for (SegmentFrame f : segmentation.frames()) {
            assertEquals(head.rows(), f.rows());
            assertEquals(head.columns(), f.columns());
            for (byte v : f.values()) {
                assertTrue(v == 0 || v == 1, "binary mask values");
            }
        }
        assertEquals(
                segmentation.frames().size(),
                segmentation.frames().stream()
                        .map(f -> f.sourceImage())
                        .distinct()
                        .count(),
                "one frame per source slice");
        double dice = head.dice(segmentation.frames(), 1, HeadMrStudy::sliceOf);
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
}

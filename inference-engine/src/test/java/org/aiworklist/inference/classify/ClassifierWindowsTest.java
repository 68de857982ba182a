package org.aiworklist.inference.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aiworklist.common.ClassVerdict;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.inference.InferenceEngine;
import org.aiworklist.inference.OnnxGraphs;
import org.aiworklist.inference.TestSeries;
import org.aiworklist.inference.engine.EngineSelector;
import org.aiworklist.inference.engine.MachineCapabilities;
import org.aiworklist.inference.manifest.ModelFile;
import org.aiworklist.inference.manifest.ModelManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classifier reads its input through the shared pre-processing: the test's model returns each window's highest
 * input value, so the series' probability must be the highest value of the prepared volume, whatever windows the
 * manifest declares.
 */
class ClassifierWindowsTest {
    private static final int SLICES = 20;
    private static final int ROWS = 26;
    private static final int COLUMNS = 30;

    @TempDir
    Path dir;

    private InferenceEngine engine;

    @BeforeEach
    void engine() {
        engine = new InferenceEngine(new EngineSelector(MachineCapabilities.probe(), null), 1);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    /** 2000 inside a ball of radius 3 mm near the far corner of the volume (only the last windows see it). */
    private static List<ImageSlice> ball() {
        return TestSeries.of(SLICES, ROWS, COLUMNS, 1.0, TestSeries.axial(), (x, y, z) -> {
            double r = Math.sqrt((x - 25) * (x - 25) + (y - 21) * (y - 21) + (z - 16) * (z - 16));
            return r <= 3 ? 2000 : 100;
        });
    }

    /** The engine keeps a loaded model by id and model hash: each manifest gets its own id. */
    private ModelManifest manifest(String id, int rank, String preprocessing) throws Exception {
        byte[] onnx = OnnxGraphs.spatialMax(rank);
        Files.write(dir.resolve("c.onnx"), onnx);
        String yaml = """
                id: %s
                version: "1"
                name: test
                manufacturer: test
                disclaimer: test only
                model: {file: c.onnx, sha256: %s}
                engines: [OnnxRuntime]
                input:
                  modality: MR
                  sopClasses: [1.2.840.10008.5.1.4.1.1.4]
                  series: {orientation: AXIAL, sliceThicknessMm: [0.5, 3], minSlices: 3}
                  preprocessing:
                %s
                output:
                  type: classification
                  scope: SERIES
                  labels:
                    - name: bright
                      finding: {code: "4147007", scheme: SCT, meaning: Mass}
                      description: a bright ball
                      threshold: 0.4
                """.formatted(
                id, ModelFile.sha256Of(onnx), preprocessing.strip().indent(4).stripTrailing());
        Path file = dir.resolve(id + ".yaml");
        Files.writeString(file, yaml);
        return ModelManifest.load(file);
    }

    private ClassVerdict verdict(ModelManifest m, List<ImageSlice> series) throws Exception {
        return engine.infer(m, series).classification().orElseThrow().verdicts().get(0);
    }

    @Test
    void slidingWindowPatchesOfAVolumeFindTheBallInTheLastPatch() throws Exception {
        ModelManifest m = manifest("patches", 5, """
                layout: NCDHW
                huWindow: [0, 4000]
                slidingWindow: {roiSize: [8, 8, 8], stride: [8, 8, 8]}
                batchSize: 3
                """);
        ClassVerdict v = verdict(m, ball());
        assertEquals(0.5, v.probability(), 1e-6, "2000 in the window [0, 4000]");
        assertTrue(v.present());
    }

    @Test
    void slicesGoThroughTheManifestsIntensitySteps() throws Exception {
        ModelManifest window = manifest("window", 4, """
                huWindow: [1000, 9000]
                padMultiple: 4
                batchSize: 4
                """);
        assertEquals(0.125, verdict(window, ball()).probability(), 1e-6, "2000 in the window [1000, 9000]");
        assertFalse(verdict(window, ball()).present());
        ModelManifest minMax = manifest("min-max", 4, """
                intensity: [{minMax: [0, 1]}]
                """);
        assertEquals(1.0, verdict(minMax, ball()).probability(), 1e-6, "the volume's maximum scaled to 1");
    }
}

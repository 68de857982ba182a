package org.aiworklist.inference.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.SegmentFrame;
import org.aiworklist.common.Segmentation;
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
 * The whole segmentation path through ONNX Runtime with one-operator models the test writes: an Identity model
 * returns its input, so the segments must be exactly the thresholded input, whatever the windows, weighting, axis
 * code and context slices did on the way.
 */
class SegmenterTest {
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

    /** 1000 inside a ball of radius 7 mm around (12, 10, 9), 2000 inside its inner 4 mm, 0 outside. */
    private static double field(double x, double y, double z) {
        double r = Math.sqrt((x - 12) * (x - 12) + (y - 10) * (y - 10) + (z - 9) * (z - 9));
        return r <= 4 ? 2000 : r <= 7 ? 1000 : 0;
    }

    private static List<ImageSlice> series() {
        return TestSeries.of(SLICES, ROWS, COLUMNS, 1.0, TestSeries.axial(), SegmenterTest::field);
    }

    private ModelManifest manifest(String op, int rank, String preprocessing, String output) throws Exception {
        byte[] onnx = OnnxGraphs.elementWise(op, rank);
        Files.write(dir.resolve("m.onnx"), onnx);
        String yaml = """
                id: test-seg
                version: "1"
                name: test
                manufacturer: test
                disclaimer: test only
                model: {file: m.onnx, sha256: %s}
                engines: [OnnxRuntime]
                input:
                  modality: MR
                  sopClasses: [1.2.840.10008.5.1.4.1.1.4]
                  series: {orientation: AXIAL, sliceThicknessMm: [0.5, 3], minSlices: 3}
                  preprocessing:
                %s
                output:
                  type: segmentation
                %s
                """.formatted(ModelFile.sha256Of(onnx), indent(preprocessing, 4), indent(output, 2));
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, yaml);
        return ModelManifest.load(file);
    }

    private static String indent(String block, int spaces) {
        return block.strip().indent(spaces).stripTrailing();
    }

    private static String segment(String index, String label) {
        return """
                  - %s
                    label: %s
                    category: {code: "91723000", scheme: SCT, meaning: Anatomical structure}
                    type: {code: "4147007", scheme: SCT, meaning: Mass}
                """.formatted(index, label);
    }

    /** The segment's mask on source slice k (all zero without a frame). */
    private static byte[] mask(Segmentation seg, int segment, int k) {
        for (SegmentFrame f : seg.frames()) {
            if (f.segmentNumber() == segment && f.sourceImage().sopInstanceUid().equals("2.25.2." + k)) {
                return f.values();
            }
        }
        return new byte[ROWS * COLUMNS];
    }

    /** Number of source pixels where the mask differs from {@code field >= level} at slice k + shift. */
    private static int differences(Segmentation seg, int segment, int shift, double level) {
        int wrong = 0;
        for (int k = 0; k < SLICES; k++) {
            byte[] m = mask(seg, segment, k);
            int z = Math.max(0, Math.min(SLICES - 1, k + shift));
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    wrong += (field(c, r, z) >= level ? 1 : 0) != m[r * COLUMNS + c] ? 1 : 0;
                }
            }
        }
        return wrong;
    }

    /** Source voxels where the field reaches {@code level}. */
    private static int truth(double level) {
        int n = 0;
        for (int k = 0; k < SLICES; k++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    n += field(c, r, k) >= level ? 1 : 0;
                }
            }
        }
        return n;
    }

    @Test
    void patchesWithGaussianBlendingThroughAnAxisCodeComeBackExactly() throws Exception {
        ModelManifest m = manifest(
                "Identity", 5, """
                layout: NCDHW
                orientation: RAS
                intensity: [{window: [0, 1000]}]
                slidingWindow: {roiSize: [16, 12, 8], stride: [7, 5, 3], weighting: gaussian}
                batchSize: 3
                """, "decision: threshold\nthreshold: 0.5\nsegments:\n" + segment("channel: 0", "ball"));
        InferenceResult result = engine.infer(m, series());
        Segmentation seg = result.segmentation().orElseThrow();
        assertEquals(0, differences(seg, 1, 0, 1000));
        assertEquals(truth(1000), seg.segments().get(0).volumeMm3(), 1e-6, "1 mm³ source voxels");
        assertEquals(List.of(), result.findings());
        assertEquals(SLICES, result.imagesUsed().size());
    }

    @Test
    void contextSlicesFeedTheirOwnChannelsInOrder() throws Exception {
        // Identity on 2.5D input: output channel s is context slice s (below, the slice, above).
        ModelManifest m = manifest(
                "Identity",
                4,
                """
                huWindow: [0, 1000]
                contextSlices: 3
                padMultiple: 8
                batchSize: 4
                """,
                "decision: threshold\nthreshold: 0.5\nsegments:\n"
                        + segment("channel: 1", "this-slice")
                        + segment("channel: 2", "slice-above"));
        Segmentation seg = engine.infer(m, series()).segmentation().orElseThrow();
        assertEquals(0, differences(seg, 1, 0, 1000));
        assertEquals(0, differences(seg, 2, 1, 1000), "the next slice up, the top slice repeated");
    }

    @Test
    void labelMapsAreVotedPerSegment() throws Exception {
        // minMax to [0, 2] then Round: 0 outside, 1 in the shell, 2 in the core.
        ModelManifest m = manifest(
                "Round",
                5,
                """
                layout: NCDHW
                intensity: [{minMax: [0, 2]}]
                slidingWindow: {roiSize: [8, 8, 8], overlap: 0.5}
                """,
                "map: labels\nsegments:\n" + segment("value: 1", "shell") + segment("value: 2", "core"));
        Segmentation seg = engine.infer(m, series()).segmentation().orElseThrow();
        assertEquals(0, differences(seg, 2, 0, 2000));
        int shellWrong = 0;
        for (int k = 0; k < SLICES; k++) {
            byte[] shell = mask(seg, 1, k);
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLUMNS; c++) {
                    shellWrong += (field(c, r, k) == 1000 ? 1 : 0) != shell[r * COLUMNS + c] ? 1 : 0;
                }
            }
        }
        assertEquals(0, shellWrong);
    }

    @Test
    void aCoarserModelGridStillGivesTheBallOnTheSourceSlices() throws Exception {
        ModelManifest m = manifest(
                "Identity", 5, """
                layout: NCDHW
                spacingMm: [2, 2, 2]
                intensity: [{window: [0, 1000]}]
                padMultiple: 4
                """, "decision: threshold\nthreshold: 0.5\nsegments:\n" + segment("channel: 0", "ball"));
        Segmentation seg = engine.infer(m, series()).segmentation().orElseThrow();
        int wrong = differences(seg, 1, 0, 1000);
        assertTrue(wrong < 0.15 * truth(1000), wrong + " of " + truth(1000) + " pixels differ");
    }

    @Test
    void aSegmentReadingAChannelTheModelLacksIsNamed() throws Exception {
        ModelManifest m = manifest(
                "Identity",
                4,
                "huWindow: [0, 1000]",
                "decision: threshold\nthreshold: 0.5\nsegments:\n" + segment("channel: 4", "missing"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.infer(m, series()));
        assertTrue(e.getMessage().contains("segment 'missing' reads channel 4 of 1"), e.getMessage());
    }
}

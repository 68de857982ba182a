package org.aiworklist.inference.manifest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.aiworklist.inference.TestModels;
import org.aiworklist.inference.manifest.SegmentationContract.Activation;
import org.aiworklist.inference.manifest.SegmentationContract.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segmentation manifests and the preprocessing every output type shares; the demo's ONNX stands in as the file. */
class SegmentationManifestTest {
    @TempDir
    Path dir;

    private String brainYaml() throws Exception {
        String demo = TestModels.demoYamlIn(dir);
        String model = demo.substring(demo.indexOf("model:"), demo.indexOf("\nengines:"));
        return """
                id: brain
                version: "1"
                name: Brain extraction
                manufacturer: test
                disclaimer: test only
                %s
                engines: [OnnxRuntime]
                input:
                  modality: MR
                  sopClasses: [1.2.840.10008.5.1.4.1.1.4]
                  series:
                    orientation: ANY
                    sliceThicknessMm: [0.5, 2.0]
                    minSlices: 40
                  preprocessing:
                    layout: NCDHW
                    orientation: RAS
                    spacingMm: [1.0, 1.0, 1.5]
                    intensity:
                      - percentileClip: [0.5, 99.5]
                      - minMax: [0, 1]
                    slidingWindow:
                      roiSize: [48, 48, 32]
                      overlap: 0.5
                      weighting: gaussian
                    padMultiple: 8
                    batchSize: 4
                output:
                  type: segmentation
                  activation: softmax
                  segmentType: BINARY
                  decision: argmax
                  segments:
                    - channel: 1
                      label: Brain
                      category: {code: "91723000", scheme: SCT, meaning: Anatomical structure}
                      type: {code: "12738006", scheme: SCT, meaning: Brain}
                """.formatted(model);
    }

    private ModelManifest load(String yaml) throws Exception {
        return TestModels.load(dir, yaml);
    }

    private String keyOf(String yaml) {
        ManifestException e = assertThrows(ManifestException.class, () -> load(yaml));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.key();
    }

    @Test
    void segmentationManifestLoadsWithItsPreprocessing() throws Exception {
        ModelManifest m = load(brainYaml());
        Preprocessing pre = m.preprocessing();
        assertEquals(InputLayout.NCDHW, pre.layout());
        assertEquals("RAS", pre.orientation().letters());
        assertEquals(
                List.of(new IntensityTransform.PercentileClip(0.5, 99.5), new IntensityTransform.MinMax(0, 1)),
                pre.channels().get(0));
        // MONAI: interval = int(roi * (1 - overlap))
        assertArrayEquals(new int[] {24, 24, 16}, pre.slidingWindow().stride());
        assertEquals(SlidingWindowSpec.Weighting.GAUSSIAN, pre.slidingWindow().weighting());
        assertArrayEquals(new long[] {4, 1, 48, 48, 32}, pre.warmUpShape());
        SegmentationContract seg = m.output().segmentation().orElseThrow();
        assertEquals(Activation.SOFTMAX, seg.activation());
        assertEquals(Decision.ARGMAX, seg.decision());
        assertFalse(seg.fractional());
        assertEquals("12738006", seg.segments().get(0).type().value());
        assertTrue(m.algorithmIdentity().parameters().contains("decision=argmax"));
    }

    @Test
    void theDemoDetectorKeepsItsMeaning() {
        ModelManifest demo = TestModels.demo();
        Preprocessing pre = demo.preprocessing();
        assertEquals(InputLayout.NCHW, pre.layout());
        assertNull(pre.orientation());
        assertEquals(List.of(List.of(new IntensityTransform.Window(-1000, 400))), pre.channels());
        assertEquals(3, pre.inputChannels());
        assertArrayEquals(new long[] {8, 3, 192, 192}, pre.warmUpShape());
        assertTrue(demo.output().segmentation().isEmpty());
        assertEquals(
                List.of("threshold=0.5", "minVoxels=3", "nmsDistanceMm=10.0", "spacingMm=[2.5, 2.0, 2.0]"),
                demo.algorithmIdentity().parameters());
    }

    @Test
    void badPreprocessingIsNamedAtItsKey() throws Exception {
        String yaml = brainYaml();
        assertEquals("input.preprocessing.orientation", keyOf(yaml.replace("orientation: RAS", "orientation: RAX")));
        assertEquals("input.preprocessing.orientation", keyOf(yaml.replace("orientation: RAS", "orientation: RLS")));
        assertEquals("input.preprocessing.layout", keyOf(yaml.replace("layout: NCDHW", "layout: NHWC")));
        assertEquals(
                "input.preprocessing.slidingWindow.roiSize",
                keyOf(yaml.replace("roiSize: [48, 48, 32]", "roiSize: [48, 48]")));
        assertEquals(
                "input.preprocessing.slidingWindow.stride",
                keyOf(yaml.replace("overlap: 0.5", "overlap: 0.5\n      stride: [8, 8, 8]")));
        assertEquals(
                "input.preprocessing.slidingWindow.stride[2]",
                keyOf(yaml.replace("overlap: 0.5", "stride: [8, 8, 40]")));
        assertEquals(
                "input.preprocessing.slidingWindow.weighting",
                keyOf(yaml.replace("weighting: gaussian", "weighting: cosine")));
        assertEquals(
                "input.preprocessing.intensity[1]",
                keyOf(yaml.replace("- minMax: [0, 1]", "- minMax: [0, 1]\n        zScore: all")));
        assertEquals(
                "input.preprocessing.intensity[0].percentileClip",
                keyOf(yaml.replace("percentileClip: [0.5, 99.5]", "percentileClip: [99.5, 0.5]")));
        assertEquals(
                "input.preprocessing.contextSlices",
                keyOf(yaml.replace("padMultiple: 8", "padMultiple: 8\n    contextSlices: 3")));
        assertEquals(
                "input.preprocessing.channels",
                keyOf(yaml.replace("    padMultiple: 8", "    channels: [[{window: [0, 1]}]]\n    padMultiple: 8")));
    }

    @Test
    void badOutputIsNamedAtItsKey() throws Exception {
        String yaml = brainYaml();
        assertEquals("output.decision", keyOf(yaml.replace("  decision: argmax\n", "")));
        assertEquals("output.threshold", keyOf(yaml.replace("decision: argmax", "decision: threshold")));
        assertEquals("output.decision", keyOf(yaml.replace("segmentType: BINARY", "segmentType: FRACTIONAL")));
        assertEquals("output.segmentType", keyOf(yaml.replace("segmentType: BINARY", "segmentType: LABELMAP")));
        assertEquals(
                "output.activation",
                keyOf(yaml.replace("  decision: argmax\n", "")
                        .replace("activation: softmax", "activation: softmax\n  map: labels")));
        assertEquals(
                "output.segments[0].channel",
                keyOf(yaml.replace("activation: softmax", "activation: none\n  map: labels")
                        .replace("  decision: argmax\n", "")));
        assertEquals(
                "output.segments[1].channel",
                keyOf(yaml + "    - channel: 1\n      label: Again\n"
                        + "      category: {code: \"91723000\", scheme: SCT, meaning: Anatomical structure}\n"
                        + "      type: {code: \"12738006\", scheme: SCT, meaning: Brain}\n"));
        assertEquals(
                "output.segments[0].type.scheme",
                keyOf(yaml.replace("code: \"12738006\", scheme: SCT", "code: \"12738006\", scheme: SRT")));
    }

    @Test
    void heatmapModelsRefuseWhatTheirFindingsCannotMapBack() throws Exception {
        String demo = TestModels.demoYamlIn(dir);
        assertEquals(
                "input.preprocessing.orientation",
                keyOf(demo.replace("    contextSlices: 3", "    contextSlices: 3\n    orientation: LPS")));
        assertEquals("input.preprocessing.layout", keyOf(demo.replace("    contextSlices: 3", "    layout: NCDHW")));
    }
}

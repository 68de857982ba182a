package org.aiworklist.inference.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.aiworklist.common.ClassVerdict;
import org.aiworklist.common.Classification;
import org.aiworklist.common.Priority;
import org.aiworklist.inference.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {
    @TempDir
    Path dir;

    @Test
    void demoManifestLoadsWithEverythingTheSrNeeds() throws Exception {
        ModelManifest m = ModelManifest.load(TestModels.DEMO_MANIFEST);
        assertEquals("demo-lung-nodule", m.id());
        assertEquals(List.of(EngineKind.ORT_TENSORRT, EngineKind.ORT_CUDA, EngineKind.ORT_CPU), m.engines());
        assertEquals("786838002", m.output().labels().get(0).finding().value());
        assertEquals("SCT", m.output().labels().get(0).site().scheme());
        assertTrue(m.algorithmIdentity().disclaimer().contains("no clinical validity"));
        assertEquals(m.sha256(), m.algorithmIdentity().sha256());
    }

    @Test
    void wrongSha256IsRefused() throws Exception {
        ManifestException e = assertThrows(
                ManifestException.class,
                () -> load(original().replaceFirst("sha256: [0-9a-f]{64}", "sha256: " + "ab".repeat(32))));
        assertEquals("model.sha256", e.key());
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void missingKeyIsNamed() throws Exception {
        ManifestException e =
                assertThrows(ManifestException.class, () -> load(original().replaceFirst("\ndisclaimer: [^\n]*", "")));
        assertEquals("disclaimer", e.key());
        e = assertThrows(ManifestException.class, () -> load(original().replaceFirst("\n    minSlices: [^\n]*", "")));
        assertEquals("input.series.minSlices", e.key());
    }

    @Test
    void unknownEngineIsNamedWithItsPosition() throws Exception {
        ManifestException e = assertThrows(
                ManifestException.class,
                () -> load(original()
                        .replace(
                                "engines: [OnnxRuntime-TensorRT, OnnxRuntime-GPU",
                                "engines: [OnnxRuntime-TensorRT, OpenVINO")));
        assertEquals("engines[1]", e.key());
        assertTrue(e.getMessage().contains("unknown engine 'OpenVINO'"), e.getMessage());
    }

    @Test
    void typosAndBadValuesAreNotIgnored() throws Exception {
        assertEquals(
                "input.series.orientaton",
                assertThrows(
                                ManifestException.class,
                                () -> load(original().replace("orientation: AXIAL", "orientaton: AXIAL")))
                        .key());
        assertEquals(
                "output.threshold",
                assertThrows(
                                ManifestException.class,
                                () -> load(original().replace("threshold: 0.5", "threshold: 1.5")))
                        .key());
        assertEquals(
                "output.labels[0].finding.scheme",
                assertThrows(
                                ManifestException.class,
                                () -> load(original()
                                        .replace("scheme: SCT, meaning: Pulmonary", "scheme: SRT, meaning: Pulmonary")))
                        .key());
    }

    @Test
    void registrySkipsBrokenManifestsAndKeepsTheRest() throws Exception {
        Files.writeString(dir.resolve("a-good.yaml"), original());
        Files.writeString(
                dir.resolve("b-broken.yaml"), original().replace("id: demo-lung-nodule", "id: other\nbogus: 1"));
        ModelRegistry registry = ModelRegistry.load(dir);
        assertEquals(1, registry.all().size());
        assertEquals("bogus", registry.rejected().get(0).key());
        assertTrue(registry.find("demo-lung-nodule").isPresent());
    }

    @Test
    void classifierMapsAPresentFindingToATriagePriority() throws Exception {
        ModelManifest m = load(original().replaceFirst("(?s)\noutput:.*", CLASSIFIER));
        assertEquals(OutputContract.CLASSIFICATION, m.output().type());
        assertTrue(m.output().triage(), "a label maps to a priority");
        ClassificationOutput c = m.output().classification().orElseThrow();
        assertEquals(Classification.Scope.STUDY, c.scope());
        Classification both = c.verdicts(new double[] {0.81, 0.97});
        assertEquals(
                List.of("nodule-8mm", "calcified"),
                both.present().stream().map(ClassVerdict::name).toList());
        assertEquals(Optional.of(Priority.STAT), c.escalation(both));
        assertEquals(
                Optional.empty(),
                c.escalation(c.verdicts(new double[] {0.49, 0.97})),
                "below its threshold, and a present label without a priority, change nothing");
        assertEquals(
                List.of("threshold[nodule-8mm]=0.5", "threshold[calcified]=0.9", "spacingMm=[2.5, 2.0, 2.0]"),
                m.algorithmIdentity().parameters());
    }

    @Test
    void boxDetectorDeclaresItsBoxesAndSeesTheWholeVolume() throws Exception {
        String boxes = original().replace("contextSlices: 3", "layout: NCDHW").replaceFirst("(?s)\noutput:.*", BOXES);
        ModelManifest m = load(boxes);
        BoxOutput b = m.output().boxes().orElseThrow();
        assertEquals(BoxOutput.Format.CCCWHD, b.format());
        assertEquals(BoxOutput.Coordinates.PATIENT, b.coordinates());
        assertEquals(0.25, b.nmsIou());
        assertEquals(0.4, m.output().threshold());
        assertEquals(5, m.output().maxFindings());
        assertFalse(m.output().triage());
        assertEquals(
                "input.preprocessing.layout",
                assertThrows(ManifestException.class, () -> load(boxes.replace("layout: NCDHW", "layout: NCHW")))
                        .key(),
                "slices are no volume");
        assertEquals(
                "input.preprocessing.slidingWindow",
                assertThrows(
                                ManifestException.class,
                                () -> load(boxes.replace(
                                        "layout: NCDHW",
                                        "layout: NCDHW\n    slidingWindow: {roiSize: [8, 8, 8], stride: [8, 8, 8]}")))
                        .key(),
                "boxes are read on the whole volume");
    }

    @Test
    void badClassifierAndBoxKeysAreNamed() throws Exception {
        String classifier = original().replaceFirst("(?s)\noutput:.*", CLASSIFIER);
        assertEquals(
                "output.labels[0].triage",
                assertThrows(ManifestException.class, () -> load(classifier.replace("triage: STAT", "triage: URGENT")))
                        .key());
        assertEquals(
                "output.labels[1].name",
                assertThrows(
                                ManifestException.class,
                                () -> load(classifier.replace("name: calcified", "name: nodule-8mm")))
                        .key());
        assertEquals(
                "output.scope",
                assertThrows(ManifestException.class, () -> load(classifier.replace("scope: STUDY", "scope: IMAGE")))
                        .key());
        assertEquals(
                "output.stride",
                assertThrows(
                                ManifestException.class,
                                () -> load(classifier.replace("scope: STUDY", "scope: STUDY\n  stride: 2")))
                        .key(),
                "a heat-map key is no classifier key");
        String boxes = original().replace("contextSlices: 3", "layout: NCDHW").replaceFirst("(?s)\noutput:.*", BOXES);
        assertEquals(
                "output.boxes.format",
                assertThrows(ManifestException.class, () -> load(boxes.replace("format: cccwhd", "format: xywh")))
                        .key());
        assertEquals(
                "output.nmsIou",
                assertThrows(ManifestException.class, () -> load(boxes.replace("nmsIou: 0.25", "nmsIou: 2")))
                        .key());
    }

    private static final String CLASSIFIER = """

            output:
              type: classification
              scope: STUDY
              labels:
                - name: nodule-8mm
                  finding: {code: "786838002", scheme: SCT, meaning: Pulmonary nodule}
                  description: pulmonary nodule of 8 mm or more
                  threshold: 0.5
                  triage: STAT
                - name: calcified
                  finding: {code: "82650004", scheme: SCT, meaning: Calcification}
                  description: calcified nodule
                  threshold: 0.9
            """;

    private static final String BOXES = """

            output:
              type: box-detection
              boxes: {format: cccwhd, coordinates: PATIENT}
              threshold: 0.4
              nmsIou: 0.25
              maxFindings: 5
              labels:
                - name: nodule
                  finding: {code: "786838002", scheme: SCT, meaning: Pulmonary nodule}
            """;

    private String original() throws IOException {
        return TestModels.demoYamlIn(dir);
    }

    private ModelManifest load(String yaml) throws Exception {
        return TestModels.load(dir, yaml);
    }
}

package org.aiworklist.inference.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    private String original() throws IOException {
        return TestModels.demoYamlIn(dir);
    }

    private ModelManifest load(String yaml) throws Exception {
        return TestModels.load(dir, yaml);
    }
}

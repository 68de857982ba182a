package org.aiworklist.inference.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.aiworklist.inference.TestModels;
import org.aiworklist.inference.manifest.EngineKind;
import org.aiworklist.inference.manifest.ManifestException;
import org.aiworklist.inference.manifest.ModelFile;
import org.aiworklist.inference.manifest.ModelManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model that runs is the model the manifest's SHA-256 names, read from inside the models folder. */
class ModelIntegrityTest {
    private static final String ONNX = "demo-lung-nodule-1.0.0.onnx";
    private static final MachineCapabilities CPU_ONLY = new MachineCapabilities(2, 0, Set.of("CPU"), "no TensorRT");
    private static final long[] SHAPE = {1, 3, 16, 16};

    @TempDir
    Path dir;

    private ModelManifest cpuDemoIn(Path folder) throws Exception {
        Files.createDirectories(folder);
        return TestModels.load(
                folder, TestModels.demoYamlIn(folder).replaceFirst("engines: \\[[^]]*]", "engines: [OnnxRuntime]"));
    }

    @Test
    void modelChangedAfterItsManifestWasReadIsRefusedAtLoad() throws Exception {
        ModelManifest manifest = cpuDemoIn(dir);
        Files.write(manifest.modelFile(), new byte[] {8, 1, 18, 0}); // swapped after the manifest's check
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> new EngineSelector(CPU_ONLY, dir.resolve("cache"))
                        .load(manifest, 1));
        assertTrue(e.getMessage().contains("model.sha256: does not match " + ONNX), e.getMessage());
        assertTrue(e.getMessage().contains("refusing to load"), e.getMessage());
    }

    @Test
    void linkLeadingOutsideTheModelsFolderIsRefused() throws Exception {
        Path models = dir.resolve("models");
        cpuDemoIn(models);
        Path outside = Files.createDirectories(dir.resolve("outside")).resolve(ONNX);
        Files.move(models.resolve(ONNX), outside);
        Files.createSymbolicLink(models.resolve(ONNX), outside);
        ManifestException e =
                assertThrows(ManifestException.class, () -> ModelManifest.load(models.resolve("variant.yaml")));
        assertEquals("model.file", e.key());
        assertTrue(e.getMessage().contains("link leading outside the manifest's folder"), e.getMessage());
    }

    @Test
    void linkStayingInsideTheModelsFolderIsFollowed() throws Exception {
        Path models = dir.resolve("models");
        cpuDemoIn(models);
        Path versioned = models.resolve("versioned.onnx");
        Files.move(models.resolve(ONNX), versioned);
        Files.createSymbolicLink(models.resolve(ONNX), versioned.getFileName());
        assertEquals(
                versioned.toRealPath(),
                ModelManifest.load(models.resolve("variant.yaml")).modelFile());
    }

    @Test
    void verifiedBytesAreTheManifestsModel() throws Exception {
        ModelManifest manifest = cpuDemoIn(dir);
        assertEquals(manifest.sha256(), ModelFile.sha256Of(manifest.verifiedModelBytes()));
    }

    /** ONNX Runtime is given the verified bytes, not the path: the file may go once the model is loaded. */
    @Test
    void loadedModelDoesNotDependOnTheFileOnDisk() throws Exception {
        ModelManifest manifest = cpuDemoIn(dir);
        try (LoadedModel model = new EngineSelector(CPU_ONLY, dir.resolve("cache")).load(manifest, 1)) {
            assertEquals(EngineKind.ORT_CPU, model.engine().kind());
            LoadedModel.Output before = model.run(new float[3 * 16 * 16], SHAPE);
            Files.write(manifest.modelFile(), new byte[] {0});
            LoadedModel.Output after = model.run(new float[3 * 16 * 16], SHAPE);
            assertArrayEquals(before.values(), after.values());
        }
    }
}

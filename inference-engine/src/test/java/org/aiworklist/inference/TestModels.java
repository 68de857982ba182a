package org.aiworklist.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.aiworklist.inference.manifest.ManifestException;
import org.aiworklist.inference.manifest.ModelManifest;

/** The committed demo model, found from the module folder (surefire's working directory) or the repository root. */
public final class TestModels {
    public static final Path MODELS = Files.isDirectory(Path.of("..", "conf", "models"))
            ? Path.of("..", "conf", "models")
            : Path.of("conf", "models");
    public static final Path DEMO_MANIFEST = MODELS.resolve("demo-lung-nodule.yaml");

    private TestModels() {}

    /** Copies the demo ONNX into {@code dir} and returns the demo manifest's text, for variants written there. */
    public static String demoYamlIn(Path dir) throws IOException {
        Path onnx = demo().modelFile();
        Files.copy(onnx, dir.resolve(onnx.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return Files.readString(DEMO_MANIFEST);
    }

    /** Writes a manifest variant into {@code dir} (after {@link #demoYamlIn}) and loads it. */
    public static ModelManifest load(Path dir, String yaml) throws IOException, ManifestException {
        Path file = dir.resolve("variant.yaml");
        Files.writeString(file, yaml);
        return ModelManifest.load(file);
    }

    public static ModelManifest demo() {
        try {
            return ModelManifest.load(DEMO_MANIFEST);
        } catch (ManifestException e) {
            throw new IllegalStateException(e);
        }
    }
}

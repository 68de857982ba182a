package org.aiworklist.inference.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every valid manifest in a folder ({@code *.yaml}, {@code *.yml}), by id; invalid ones are kept as errors. */
public final class ModelRegistry {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final Map<String, ModelManifest> models;
    private final List<ManifestException> rejected;

    private ModelRegistry(Map<String, ModelManifest> models, List<ManifestException> rejected) {
        this.models = Collections.unmodifiableMap(models);
        this.rejected = List.copyOf(rejected);
    }

    /**
     * Loads the folder. A broken manifest does not stop the others: it is logged and listed by {@link #rejected()}.
     * Two manifests with the same id are an error for the second one.
     */
    public static ModelRegistry load(Path folder) throws IOException {
        Map<String, ModelManifest> models = new LinkedHashMap<>();
        List<ManifestException> rejected = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(
                            p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
        for (Path file : files) {
            try {
                ModelManifest manifest = ModelManifest.load(file);
                if (models.containsKey(manifest.id())) {
                    throw new ManifestException(
                            file.toString(),
                            "id",
                            "'" + manifest.id() + "' already defined by "
                                    + models.get(manifest.id()).source().getFileName());
                }
                models.put(manifest.id(), manifest);
                log.info("manifest of {} read from {}", manifest.label(), file.getFileName());
            } catch (ManifestException e) {
                log.error("model manifest rejected: {}", e.getMessage());
                rejected.add(e);
            }
        }
        return new ModelRegistry(models, rejected);
    }

    public Optional<ModelManifest> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public List<ModelManifest> all() {
        return List.copyOf(models.values());
    }

    public List<ManifestException> rejected() {
        return rejected;
    }
}

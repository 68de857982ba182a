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

/**
 * Every valid manifest in a folder ({@code *.yaml}, {@code *.yml}), by id: ONNX detectors and generative-report
 * models share one id space; invalid manifests are kept as errors.
 */
public final class ModelRegistry {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final Map<String, ModelManifest> models;
    private final Map<String, GenerativeReportManifest> generative;
    private final List<ManifestException> rejected;

    private ModelRegistry(
            Map<String, ModelManifest> models,
            Map<String, GenerativeReportManifest> generative,
            List<ManifestException> rejected) {
        this.models = Collections.unmodifiableMap(models);
        this.generative = Collections.unmodifiableMap(generative);
        this.rejected = List.copyOf(rejected);
    }

    /**
     * Loads the folder. A broken manifest does not stop the others: it is logged and listed by {@link #rejected()}.
     * Two manifests with the same id are an error for the second one.
     */
    public static ModelRegistry load(Path folder) throws IOException {
        Map<String, ModelManifest> models = new LinkedHashMap<>();
        Map<String, GenerativeReportManifest> generative = new LinkedHashMap<>();
        Map<String, Path> defined = new LinkedHashMap<>();
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
                ManifestReader reader = ManifestDocument.read(file);
                String id;
                String label;
                if (ManifestDocument.isGenerativeReport(reader)) {
                    GenerativeReportManifest manifest = GenerativeReportManifest.load(file, reader);
                    id = unique(defined, manifest.id(), file);
                    generative.put(id, manifest);
                    label = manifest.label();
                } else {
                    ModelManifest manifest = ModelManifest.load(file, reader);
                    id = unique(defined, manifest.id(), file);
                    models.put(id, manifest);
                    label = manifest.label();
                }
                defined.put(id, file);
                log.info("manifest of {} read from {}", label, file.getFileName());
            } catch (ManifestException e) {
                log.error("model manifest rejected: {}", e.getMessage());
                rejected.add(e);
            }
        }
        return new ModelRegistry(models, generative, rejected);
    }

    /** The id, when no earlier manifest defined it. */
    private static String unique(Map<String, Path> defined, String id, Path file) throws ManifestException {
        if (defined.containsKey(id)) {
            throw new ManifestException(
                    file.toString(),
                    "id",
                    "'" + id + "' already defined by " + defined.get(id).getFileName());
        }
        return id;
    }

    public Optional<ModelManifest> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    /** A generative-report model by id (a detector's id finds nothing here). */
    public Optional<GenerativeReportManifest> findGenerative(String id) {
        return Optional.ofNullable(generative.get(id));
    }

    /** True when some manifest, of either kind, defines the id. */
    public boolean defines(String id) {
        return models.containsKey(id) || generative.containsKey(id);
    }

    /** The ONNX detectors (generative-report models run no engine). */
    public List<ModelManifest> all() {
        return List.copyOf(models.values());
    }

    public List<ManifestException> rejected() {
        return rejected;
    }
}

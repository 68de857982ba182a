package org.aiworklist.routes.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A node configured as conf/examples/medgemma.yaml (the demo detector and draft models on chest CT), its models
 * folder holding the shipped detector and generative-report manifests with the endpoint and limits a test needs.
 */
final class DraftSetup {
    static final Path MODELS = Path.of("..", "conf", "models");
    static final Path EXAMPLE_CONFIG = Path.of("..", "conf", "examples", "medgemma.yaml");
    static final String DETECTOR = "demo-lung-nodule";
    static final String DRAFT = "medgemma-1.5-4b-draft";
    private static final YAMLMapper YAML = new YAMLMapper();

    private DraftSetup() {}

    /**
     * The shipped MedGemma manifest under another id and endpoint, sized for a test on two cores: 6 images, short
     * answers, retries in seconds.
     */
    static ObjectNode draftModel(String id, String baseUrl) throws IOException {
        ObjectNode m =
                (ObjectNode) YAML.readTree(MODELS.resolve(DRAFT + ".yaml").toFile());
        m.put("id", id);
        ObjectNode endpoint = (ObjectNode) m.get("endpoint");
        endpoint.put("baseUrl", baseUrl);
        endpoint.put("serving", "llama.cpp");
        endpoint.put("model", "medgemma-tiny-test");
        endpoint.put("timeoutSeconds", 240);
        ObjectNode retry = (ObjectNode) endpoint.get("retry");
        retry.put("initialSeconds", 1);
        retry.put("maxSeconds", 2);
        retry.put("giveUpAfterSeconds", 3600);
        ((ObjectNode) m.get("generation")).put("maxTokens", 400);
        ((ObjectNode) m.get("answer")).put("findingsMaxChars", 160).put("impressionMaxChars", 80);
        ((ObjectNode) m.get("input")).put("maxSlices", 6);
        return m;
    }

    /** Writes the models folder and the configuration, and points the harness at them. */
    static void install(NodeHarness harness, List<String> rulesModels, ObjectNode... draftModels) throws IOException {
        Path models = Files.createDirectories(harness.dir.resolve("models"));
        Files.copy(MODELS.resolve(DETECTOR + ".yaml"), models.resolve(DETECTOR + ".yaml"));
        Files.copy(MODELS.resolve("demo-lung-nodule-1.0.0.onnx"), models.resolve("demo-lung-nodule-1.0.0.onnx"));
        Files.createDirectories(models.resolve("prompts"));
        try (var prompts = Files.list(MODELS.resolve("prompts"))) {
            for (Path p : prompts.toList()) {
                Files.copy(p, models.resolve("prompts").resolve(p.getFileName()));
            }
        }
        for (ObjectNode m : draftModels) {
            YAML.writeValue(models.resolve(m.get("id").asText() + ".yaml").toFile(), m);
        }
        JsonNode config = YAML.readTree(EXAMPLE_CONFIG.toFile());
        ArrayNode names = ((ObjectNode) config.get("rules").get(0)).putArray("models");
        rulesModels.forEach(names::add);
        Path file = harness.dir.resolve("aiworklist.yaml");
        YAML.writeValue(file.toFile(), config);
        harness.configFile = file;
        harness.env.put("AIWORKLIST_MODELS_DIRECTORY", models.toAbsolutePath().toString());
    }
}

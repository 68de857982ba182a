package org.aiworklist.inference.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import org.aiworklist.inference.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generative-report manifest kind: the shipped MedGemma manifest loads; every mistake is one line naming its key. */
class GenerativeReportManifestTest {
    static final Path SHIPPED = TestModels.MODELS.resolve("medgemma-1.5-4b-draft.yaml");

    @TempDir
    Path dir;

    @Test
    void theShippedMedGemmaManifestLoadsWithItsPromptHashed() throws Exception {
        GenerativeReportManifest m = GenerativeReportManifest.load(SHIPPED);
        assertEquals("medgemma-1.5-4b-draft", m.id());
        assertEquals(
                "http://127.0.0.1:18555/v1/chat/completions",
                m.endpoint().chatCompletions().toString());
        assertEquals("vllm", m.endpoint().serving());
        assertEquals(Set.of("CT"), m.input().modalities());
        assertEquals(85, m.input().maxSlices());
        assertEquals(896, m.input().imageSize());
        assertEquals(0.0, m.generation().temperature());
        assertTrue(m.secondaryCapture());
        byte[] template = Files.readAllBytes(TestModels.MODELS.resolve("prompts/medgemma-ct-draft-v1.txt"));
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(template));
        assertEquals(sha, m.prompt().sha256());
        assertTrue(m.algorithmIdentity().parameters().contains("promptSha256=" + sha));
    }

    @Test
    void mistakesNameTheirKey() throws Exception {
        assertKey("endpoint.baseUrl", "baseUrl: http://127.0.0.1:18555/v1", "baseUrl: ftp://127.0.0.1/v1");
        assertKey(
                "endpoint.baseUrl",
                "baseUrl: http://127.0.0.1:18555/v1",
                "baseUrl: http://user:secret@127.0.0.1:18555/v1");
        assertKey("endpoint.serving", "serving: vllm", "serving: tgi");
        assertKey("input.modalities[0]", "modalities: [CT]", "modalities: [US]");
        assertKey("endpoint.apiKeyEnv", "# apiKeyEnv: MEDGEMMA_API_KEY", "apiKeyEnv: 'not a name'");
        assertKey("generation.temperature", "temperature: 0", "temperature: 3");
        assertKey("endpoint.retry.initialSeconds", "initialSeconds: 30", "initialSeconds: 901");
        assertKey("endpoint.timout", "timeoutSeconds: 900", "timout: 900");
        assertKey("prompt.template", "medgemma-ct-draft-v1.txt", "missing-v9.txt");
        assertKey("kind", "kind: generative-report", "kind: chat");
    }

    @Test
    void aTemplateWithoutItsImagesLineIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("prompts"));
        Files.writeString(dir.resolve("prompts/medgemma-ct-draft-v1.txt"), "Describe the study.\n");
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, Files.readString(SHIPPED));
        ManifestException e = assertThrows(ManifestException.class, () -> GenerativeReportManifest.load(file));
        assertEquals("prompt.template", e.key());
        assertTrue(e.getMessage().contains("{{images}}"), e.getMessage());
    }

    @Test
    void detectorsAndGenerativeModelsShareOneIdSpace() throws Exception {
        Files.writeString(dir.resolve("a.yaml"), TestModels.demoYamlIn(dir));
        copyPrompt();
        Files.writeString(
                dir.resolve("b.yaml"), Files.readString(SHIPPED).replace("medgemma-1.5-4b-draft", "demo-lung-nodule"));
        Files.writeString(dir.resolve("c.yaml"), Files.readString(SHIPPED));
        ModelRegistry registry = ModelRegistry.load(dir);
        assertTrue(registry.find("demo-lung-nodule").isPresent());
        assertTrue(registry.findGenerative("medgemma-1.5-4b-draft").isPresent());
        assertFalse(registry.findGenerative("demo-lung-nodule").isPresent());
        assertEquals(1, registry.rejected().size());
        assertTrue(registry.rejected().get(0).getMessage().contains("already defined by a.yaml"));
        assertEquals(1, registry.all().size(), "engines are reported for the detectors only");
    }

    private void copyPrompt() throws Exception {
        Files.createDirectories(dir.resolve("prompts"));
        Files.copy(
                TestModels.MODELS.resolve("prompts/medgemma-ct-draft-v1.txt"),
                dir.resolve("prompts/medgemma-ct-draft-v1.txt"));
    }

    private void assertKey(String key, String from, String to) throws Exception {
        if (!Files.exists(dir.resolve("prompts"))) {
            copyPrompt();
        }
        String shipped = Files.readString(SHIPPED);
        assertTrue(shipped.contains(from), from);
        Path file = dir.resolve("variant.yaml");
        Files.writeString(file, shipped.replace(from, to));
        ManifestException e = assertThrows(ManifestException.class, () -> GenerativeReportManifest.load(file), to);
        assertEquals(key, e.key(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}

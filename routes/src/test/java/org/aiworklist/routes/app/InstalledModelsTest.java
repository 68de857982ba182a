package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.aiworklist.routes.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up refuses, in one line, a generative model whose endpoint the node may not use (off the allowlist, or a
 * public address not explicitly allowed) or whose API key is missing; the key itself is never in the message.
 */
class InstalledModelsTest {
    private static final String KEY_VARIABLE = "AIW_TEST_KEY";

    private static NodeHarness harness(Path dir, String baseUrl, Map<String, String> env) throws Exception {
        NodeHarness harness = new NodeHarness(dir, "PACS", 11113);
        ObjectNode model = DraftSetup.draftModel(DraftSetup.DRAFT, baseUrl);
        ((ObjectNode) model.get("endpoint")).put("apiKeyEnv", KEY_VARIABLE);
        DraftSetup.install(harness, List.of(DraftSetup.DRAFT), model);
        harness.env.putAll(env);
        return harness;
    }

    @Test
    void aPublicAddressIsRefusedAtStartUpUnlessExplicitlyAllowed(@TempDir Path dir) throws Exception {
        NodeHarness harness =
                harness(dir, "https://8.8.8.8/v1", Map.of("AIWORKLIST_MODELENDPOINTS_ALLOWEDHOSTS_0", "8.8.8.8"));
        ConfigException e = assertThrows(
                ConfigException.class, () -> InstalledModels.load(harness.config(), Map.of(KEY_VARIABLE, "k")));
        assertTrue(
                e.getMessage().contains("'modelEndpoints'") && e.getMessage().contains("public address 8.8.8.8"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");

        harness.env.put("AIWORKLIST_MODELENDPOINTS_ALLOWPUBLICADDRESSES", "true");
        try (InstalledModels models = InstalledModels.load(harness.config(), Map.of(KEY_VARIABLE, "k"))) {
            assertTrue(models.isGenerative(DraftSetup.DRAFT));
            assertEquals("1.5.0", models.versionOf(DraftSetup.DRAFT));
        }
    }

    @Test
    void aHostOffTheAllowlistIsRefused(@TempDir Path dir) throws Exception {
        NodeHarness harness = harness(dir, "http://10.20.30.40:8000/v1", Map.of());
        ConfigException e = assertThrows(
                ConfigException.class, () -> InstalledModels.load(harness.config(), Map.of(KEY_VARIABLE, "k")));
        assertTrue(e.getMessage().contains("not on the allowlist"), e.getMessage());
    }

    @Test
    void aMissingApiKeyIsNamedButNeverPrinted(@TempDir Path dir) throws Exception {
        NodeHarness harness = harness(dir, "http://127.0.0.1:18555/v1", Map.of());
        ConfigException e = assertThrows(ConfigException.class, () -> InstalledModels.load(harness.config(), Map.of()));
        assertTrue(
                e.getMessage().contains("'rules[0].models[0]'")
                        && e.getMessage().contains(KEY_VARIABLE),
                e.getMessage());
    }
}

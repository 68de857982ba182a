package org.aiworklist.routes.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationLoaderTest {
    private static final Path DEFAULTS = Path.of("../conf/aiworklist.yaml");

    @Test
    void defaultConfigurationLoads() {
        NodeConfiguration config = ConfigurationLoader.load(DEFAULTS, Map.of());
        assertEquals("AIWORKLIST", config.device().aeTitle());
        assertEquals(11112, config.device().port());
        assertEquals("127.0.0.1", config.device().bindAddress());
        assertEquals("DEMOPACS", config.destination("pacs").orElseThrow().applicationEntity().aeTitle());
        assertEquals(1, config.rules().size());
    }

    @Test
    void environmentOverridesSingleKeysIncludingListItems() {
        NodeConfiguration config = ConfigurationLoader.load(DEFAULTS, Map.of(
                "AIWORKLIST_DEVICE_CONNECTION_PORT", "104",
                "AIWORKLIST_DESTINATIONS_0_PORT", "4242",
                "AIWORKLIST_ASSEMBLY_QUIETPERIODSECONDS", "3",
                "PATH", "/usr/bin"));
        assertEquals(104, config.device().port());
        assertEquals(4242, config.destinations().get(0).applicationEntity().port());
        assertEquals(3, config.assembly().quietPeriodSeconds());
    }

    @Test
    void badValuesNameTheirKey(@TempDir Path dir) throws IOException {
        assertKeyError(Map.of("AIWORKLIST_DEVICE_CONNECTION_PORT", "eleven"), "device.connection.port");
        assertKeyError(Map.of("AIWORKLIST_DEVICE_APPLICATIONENTITY_AETITLE", "A_TITLE_LONGER_THAN_16"),
                "device.applicationEntity.aeTitle");
        assertKeyError(Map.of("AIWORKLIST_RULES_0_DESTINATIONS_0", "nowhere"), "rules[0].destinations[0]");
        assertKeyError(Map.of("AIWORKLIST_ASSEMBLY_MAXAGEACTION", "EXPLODE"), "assembly.maxAgeAction");
        assertKeyError(Map.of("AIWORKLIST_DATABASE_JDBCURL", "h2:mem"), "database.jdbcUrl");

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(DEFAULTS).replace("uidRoot: \"2.25\"", "uidRoot: \"2.25.01\""));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigurationLoader.load(broken, Map.of()));
        assertTrue(e.getMessage().contains("device.uidRoot"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    private static void assertKeyError(Map<String, String> env, String key) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigurationLoader.load(DEFAULTS, env));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    }
}

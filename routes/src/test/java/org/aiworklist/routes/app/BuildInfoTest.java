package org.aiworklist.routes.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildInfoTest {
    @Test
    void softwareVersionIsThePomsNotAPlaceholder() {
        String version = BuildInfo.version();
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version);
    }
}

package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;

/**
 * Implemented by the test classes that deliver to a real Orthanc ({@link OrthancPacs}): where it is not installed
 * they fail before their first test, saying how to install it, rather than being skipped.
 */
interface NeedsOrthanc {
    @BeforeAll
    static void orthancIsInstalled() {
        assertTrue(OrthancPacs.installed(), "Orthanc missing: ./aiworklist test installs the orthanc package");
    }
}

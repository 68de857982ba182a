package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API with API tokens configured: no token 401, a viewer reads but cannot act (403), an operator acts. */
class ApiAuthenticationIT {
    private static final String VIEWER = randomToken();
    private static final String OPERATOR = randomToken();

    @TempDir
    static Path dir;

    private static NodeHarness harness;
    private static NodeApplication node;

    @BeforeAll
    static void startNode() throws Exception {
        harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        Path yaml = Files.writeString(
                dir.resolve("aiworklist.yaml"),
                Files.readString(Path.of("../conf/aiworklist.yaml"))
                        .replace("  corsOrigins: []\n", """
                                  corsOrigins: []
                                  tokens:
                                    - {name: ward-display, role: viewer, sha256: %s}
                                    - {name: pacs-admin, role: operator, sha256: %s}
                                """.formatted(sha256(VIEWER), sha256(OPERATOR))));
        NodeConfiguration config = ConfigurationLoader.load(yaml, harness.env);
        assertEquals(2, config.http().tokens().size());
        node = new NodeApplication(config);
        node.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void withoutAKnownTokenEveryApiCallButHealthIs401() throws Exception {
        assertEquals(401, harness.call("GET", "/api/jobs", null).statusCode());
        assertEquals(
                401,
                harness.call("POST", "/api/destinations/pacs/resend-failed", null)
                        .statusCode());
        HttpResponse<String> wrong = harness.call("GET", "/api/quarantine", randomToken());
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("unknown API token"), wrong.body());
        assertEquals(200, harness.call("GET", "/health", null).statusCode(), "monitoring needs no token");
    }

    @Test
    void viewerReadsButCannotAct() throws Exception {
        assertEquals(200, harness.call("GET", "/api/jobs", VIEWER).statusCode());
        HttpResponse<String> resend = harness.call("POST", "/api/destinations/pacs/resend-failed", VIEWER);
        assertEquals(403, resend.statusCode(), resend.body());
        assertTrue(resend.body().contains("operator"), resend.body());
    }

    @Test
    void operatorReadsAndActs() throws Exception {
        assertEquals(200, harness.call("GET", "/api/jobs", OPERATOR).statusCode());
        HttpResponse<String> resend = harness.call("POST", "/api/destinations/pacs/resend-failed", OPERATOR);
        assertEquals(200, resend.statusCode(), resend.body());
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}

package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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
        assertEquals(401, call("GET", "/api/jobs", null).statusCode());
        assertEquals(
                401, call("POST", "/api/destinations/pacs/resend-failed", null).statusCode());
        HttpResponse<String> wrong = call("GET", "/api/quarantine", randomToken());
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.body().contains("unknown API token"), wrong.body());
        assertEquals(200, call("GET", "/health", null).statusCode(), "monitoring needs no token");
    }

    @Test
    void viewerReadsButCannotAct() throws Exception {
        assertEquals(200, call("GET", "/api/jobs", VIEWER).statusCode());
        HttpResponse<String> resend = call("POST", "/api/destinations/pacs/resend-failed", VIEWER);
        assertEquals(403, resend.statusCode(), resend.body());
        assertTrue(resend.body().contains("operator"), resend.body());
    }

    @Test
    void operatorReadsAndActs() throws Exception {
        assertEquals(200, call("GET", "/api/jobs", OPERATOR).statusCode());
        HttpResponse<String> resend = call("POST", "/api/destinations/pacs/resend-failed", OPERATOR);
        assertEquals(200, resend.statusCode(), resend.body());
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.httpPort + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
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

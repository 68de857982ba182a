package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.aiworklist.dicom.TestCertificates;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * HTTPS (http.tls, PEM files): the page and API answer over TLS with the node's certificate, the session cookie is
 * Secure, the node's own https:// origin may act, and a client that does not trust the certificate is refused.
 */
class HttpsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void pageAndApiOverHttpsWithASecureSessionCookie() throws Exception {
        TestCertificates certificates = new TestCertificates(dir.resolve("pki"));
        TestCertificates.Authority hospital = certificates.authority("hospital-ca");
        TestCertificates.Identity node = certificates.issue(hospital, "node");
        NodeHarness harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        harness.env.put("AIWORKLIST_HTTP_TLS_CERTIFICATE", node.certificate().toString());
        harness.env.put("AIWORKLIST_HTTP_TLS_PRIVATEKEY", node.privateKey().toString());
        Path yaml = Files.writeString(
                dir.resolve("aiworklist.yaml"),
                Files.readString(Path.of("../conf/aiworklist.yaml")).replace("  corsOrigins: []\n", """
                                  corsOrigins: []
                                  users: [{name: pacs-admin, role: operator, bcrypt: '%s'}]
                                """.formatted(
                                BCrypt.hashpw("operator password", BCrypt.gensalt(10)))));
        HttpClient trusting = HttpClient.newBuilder()
                .sslContext(trusting(hospital.certificate()))
                .build();
        String base = "https://127.0.0.1:" + harness.httpPort;
        try (NodeApplication app = new NodeApplication(ConfigurationLoader.load(yaml, harness.env))) {
            app.start();
            assertEquals(
                    200,
                    trusting.send(get(base + "/"), HttpResponse.BodyHandlers.ofString())
                            .statusCode());

            HttpResponse<String> login = trusting.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"name\": \"pacs-admin\", \"password\": \"operator password\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(setCookie.contains("; Secure") && setCookie.contains("; HttpOnly"), setCookie);
            JsonNode session = JSON.readTree(login.body());

            HttpResponse<String> action = trusting.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/destinations/pacs/resend-failed"))
                            .header("Content-Type", "application/json")
                            .header("Origin", base)
                            .header("Cookie", setCookie.substring(0, setCookie.indexOf(';')))
                            .header("X-CSRF-Token", session.path("csrfToken").asText())
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, action.statusCode(), "the node's own https:// page may act: " + action.body());

            HttpClient untrusting = HttpClient.newBuilder()
                    .sslContext(trusting(certificates.authority("other-ca").certificate()))
                    .build();
            assertThrows(
                    SSLHandshakeException.class,
                    () -> untrusting.send(get(base + "/"), HttpResponse.BodyHandlers.ofString()));
            assertThrows(
                    IOException.class,
                    () -> HttpClient.newHttpClient()
                            .send(
                                    get("http://127.0.0.1:" + harness.httpPort + "/health"),
                                    HttpResponse.BodyHandlers.ofString()),
                    "no plain HTTP on the HTTPS port");
        }
    }

    private static HttpRequest get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).build();
    }

    private static SSLContext trusting(Path authority) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(authority)) {
            trusted.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}

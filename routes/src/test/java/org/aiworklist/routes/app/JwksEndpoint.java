package org.aiworklist.routes.app;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** A test identity provider's key set, served as Keycloak serves it, on a JDK HTTP or HTTPS server. */
final class JwksEndpoint {
    static final String KEYS_PATH = "/realms/hospital/protocol/openid-connect/certs";
    static final String ISSUER = "https://idp.example.org/realms/hospital";
    static final String AUDIENCE = "aiworklist";

    private JwksEndpoint() {}

    /** Serves the public half of {@code key} at {@link #KEYS_PATH}, counting each fetch, and starts the server. */
    static void serve(HttpServer server, RSAKey key, AtomicInteger fetches) {
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext(KEYS_PATH, exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /**
     * The shipped configuration with an {@code http.oidc} section for this provider's keys at {@code jwksUrl};
     * {@code moreKeys} are further lines of that section, each indented by four spaces and ending in a newline.
     */
    static Path configuration(Path dir, String jwksUrl, String moreKeys) throws IOException {
        String oidc = "  corsOrigins: []\n  oidc:\n"
                + "    issuer: " + ISSUER + "\n"
                + "    jwksUrl: " + jwksUrl + "\n"
                + "    audience: " + AUDIENCE + "\n"
                + moreKeys;
        return Files.writeString(
                dir.resolve("aiworklist.yaml"),
                Files.readString(Path.of("../conf/aiworklist.yaml")).replace("  corsOrigins: []\n", oidc));
    }
}

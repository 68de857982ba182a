package org.aiworklist.routes.app;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** A test identity provider's key set, served as Keycloak serves it, on a JDK HTTP or HTTPS server. */
final class JwksEndpoint {
    static final String KEYS_PATH = "/realms/hospital/protocol/openid-connect/certs";

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
}

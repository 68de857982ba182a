package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OIDC bearer tokens as Keycloak issues them (roles in realm_access.roles), checked against a JWKS that a JDK HTTP
 * server on 127.0.0.1 serves with the provider's RSA key: the real protocol, without a Keycloak.
 */
class OidcBearerTokenIT {

    @TempDir
    static Path dir;

    private static RSAKey provider;
    private static HttpServer jwks;
    private static final AtomicInteger jwksFetches = new AtomicInteger();
    private static NodeHarness harness;
    private static NodeApplication node;

    @BeforeAll
    static void startProviderAndNode() throws Exception {
        provider = new RSAKeyGenerator(2048).keyID("hospital-1").generate();
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        JwksEndpoint.serve(jwks, provider, jwksFetches);
        harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        Path yaml = JwksEndpoint.configuration(
                dir,
                "http://127.0.0.1:" + jwks.getAddress().getPort() + JwksEndpoint.KEYS_PATH,
                "    rolesClaim: realm_access.roles\n    viewerRole: aiw-viewer\n    operatorRole: aiw-operator\n");
        NodeConfiguration config = ConfigurationLoader.load(yaml, harness.env);
        assertEquals("realm_access.roles", config.http().oidc().rolesClaim());
        node = new NodeApplication(config);
        node.start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        jwks.stop(0);
    }

    @Test
    void viewerReadsButCannotActAndOperatorActs() throws Exception {
        String viewer = token("radiographer", List.of("aiw-viewer", "offline_access"), c -> c);
        assertEquals(200, harness.call("GET", "/api/jobs", viewer).statusCode());
        HttpResponse<String> resend = harness.call("POST", "/api/destinations/pacs/resend-failed", viewer);
        assertEquals(403, resend.statusCode(), resend.body());
        assertTrue(resend.body().contains("operator"), resend.body());
        String operator = token("pacs-admin", List.of("aiw-operator"), c -> c);
        HttpResponse<String> acted = harness.call("POST", "/api/destinations/pacs/resend-failed", operator);
        assertEquals(200, acted.statusCode(), acted.body());
        HttpResponse<String> roleless = harness.call("GET", "/api/jobs", token("visitor", List.of("other"), c -> c));
        assertEquals(403, roleless.statusCode(), roleless.body());
        assertTrue(roleless.body().contains("neither role"), roleless.body());
        assertEquals(401, harness.call("GET", "/api/jobs", null).statusCode(), "no token at all");
    }

    @Test
    void expiredWrongAudienceWrongIssuerUnknownKeyUnsignedAndHmacTokensAre401AndAudited() throws Exception {
        Instant past = Instant.now().minus(Duration.ofMinutes(10));
        Map<String, String> refused = Map.of(
                "expired",
                token("radiographer", List.of("aiw-viewer"), c -> c.expirationTime(Date.from(past))),
                "wrong audience",
                token("radiographer", List.of("aiw-viewer"), c -> c.audience("another-app")),
                "wrong issuer",
                token("radiographer", List.of("aiw-viewer"), c -> c.issuer("https://evil.example.org")),
                "unknown key",
                sign(
                        new RSAKeyGenerator(2048).keyID("stranger").generate(),
                        claims("radiographer", List.of("aiw-viewer"))),
                "alg none",
                new PlainJWT(claims("pacs-admin", List.of("aiw-operator")).build()).serialize(),
                "HS256 with the provider's public key as secret",
                hmacWithPublicKey(claims("pacs-admin", List.of("aiw-operator"))));
        for (Map.Entry<String, String> t : refused.entrySet()) {
            HttpResponse<String> r = harness.call("GET", "/api/jobs", t.getValue());
            assertEquals(401, r.statusCode(), t.getKey() + ": " + r.body());
            assertTrue(r.body().contains("OIDC bearer token refused: "), t.getKey() + ": " + r.body());
        }
        assertTrue(
                harness.call("GET", "/api/jobs", refused.get("expired")).body().contains("Expired JWT"),
                "the caller is told why");
        assertTrue(
                jwksFetches.get() >= 1 && jwksFetches.get() <= 3,
                "unknown key ids refresh the JWKS at most twice per 30 s: " + jwksFetches);
        assertNull(awaitAuditLine("OIDC bearer token refused: Expired JWT"), "the refusal is audited");
    }

    /** Null once the audit file has a failed login (User Authentication, outcome 4) saying {@code reason}. */
    private static String awaitAuditLine(String reason) throws Exception {
        Path file = dir.resolve("audit/audit.log");
        for (int i = 0; i < 100; i++) {
            if (Files.exists(file)
                    && Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                            .anyMatch(m -> m.contains("csd-code=\"110122\"")
                                    && m.contains("EventOutcomeIndicator=\"4\"")
                                    && m.contains(reason))) {
                return null;
            }
            Thread.sleep(100);
        }
        return "no failed login saying '" + reason + "' in " + file;
    }

    private static JWTClaimsSet.Builder claims(String user, List<String> roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(JwksEndpoint.ISSUER)
                .audience(List.of(JwksEndpoint.AUDIENCE, "account"))
                .subject("f3c1-" + user)
                .claim("preferred_username", user)
                .claim("realm_access", Map.of("roles", roles))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
    }

    private static String token(String user, List<String> roles, UnaryOperator<JWTClaimsSet.Builder> change)
            throws Exception {
        return sign(provider, change.apply(claims(user, roles)));
    }

    private static String sign(RSAKey key, JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** Algorithm confusion: an HMAC keyed with the provider's public key, which anyone can fetch. */
    private static String hmacWithPublicKey(JWTClaimsSet.Builder claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(provider.getKeyID())
                        .build(),
                claims.build());
        jwt.sign(new MACSigner(provider.toRSAPublicKey().getEncoded()));
        return jwt.serialize();
    }
}

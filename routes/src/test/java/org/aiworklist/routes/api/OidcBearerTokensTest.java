package org.aiworklist.routes.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.aiworklist.routes.config.NodeConfiguration.ApiRole;
import org.aiworklist.routes.config.NodeConfiguration.Oidc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The roles claim in its shapes (flat list, one string, AD FS's URI name), ES256, and key rotation. */
class OidcBearerTokensTest {
    private static final String ISSUER = "https://adfs.example.org/adfs";
    private static final String AD_FS_ROLE = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";

    private final List<JWK> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer jwks;
    private RSAKey rsa;

    @BeforeEach
    void provider() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        published.add(rsa.toPublicJWK());
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/keys", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(List.copyOf(published)).toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    @Test
    void rolesComeFromAFlatListOneStringOrAClaimNamedByAUri() throws Exception {
        OidcBearerTokens roles = tokens("roles");
        assertEquals(
                new OidcBearerTokens.Bearer("jdoe", ApiRole.OPERATOR),
                roles.verify(sign(rsa, JWSAlgorithm.RS256, Map.of("roles", List.of("viewer", "operator")))));
        assertEquals(
                ApiRole.VIEWER,
                roles.verify(sign(rsa, JWSAlgorithm.RS256, Map.of("roles", "viewer")))
                        .role());
        ApiRefusal none = assertThrows(
                ApiRefusal.class, () -> roles.verify(sign(rsa, JWSAlgorithm.RS256, Map.of("groups", List.of("x")))));
        assertEquals(403, none.status());
        OidcBearerTokens adfs = tokens(AD_FS_ROLE);
        assertEquals(
                ApiRole.VIEWER,
                adfs.verify(sign(rsa, JWSAlgorithm.RS256, Map.of(AD_FS_ROLE, "viewer")))
                        .role());
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenNamesItAndEs256IsAccepted() throws Exception {
        OidcBearerTokens tokens = tokens("roles");
        assertEquals(
                ApiRole.VIEWER,
                tokens.verify(sign(rsa, JWSAlgorithm.RS256, Map.of("roles", "viewer")))
                        .role());
        ECKey rotated = new ECKeyGenerator(Curve.P_256).keyID("ec-2").generate();
        published.add(rotated.toPublicJWK());
        assertEquals(
                ApiRole.OPERATOR,
                tokens.verify(sign(rotated, JWSAlgorithm.ES256, Map.of("roles", "operator")))
                        .role());
        assertEquals(2, fetches.get(), "once at the first token, once for the unknown key id");
        tokens.verify(sign(rsa, JWSAlgorithm.RS256, Map.of("roles", "viewer")));
        assertEquals(2, fetches.get(), "known keys come from the cache");
    }

    private OidcBearerTokens tokens(String rolesClaim) throws Exception {
        return new OidcBearerTokens(new Oidc(
                ISSUER,
                URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/keys")
                        .toURL(),
                "aiworklist",
                rolesClaim,
                "viewer",
                "operator",
                null));
    }

    private static String sign(JWK key, JWSAlgorithm algorithm, Map<String, Object> roles) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("aiworklist")
                .subject("S-1-5-21-7")
                .claim("preferred_username", "jdoe")
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
        roles.forEach(claims::claim);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm)
                        .keyID(key.getKeyID())
                        .type(new JOSEObjectType("at+jwt")) // RFC 9068; Keycloak's "JWT" in OidcBearerTokenIT
                        .build(),
                claims.build());
        JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
        jwt.sign(signer);
        return jwt.serialize();
    }
}

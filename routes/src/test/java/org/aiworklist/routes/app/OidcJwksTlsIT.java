package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.aiworklist.dicom.DicomTls;
import org.aiworklist.dicom.TestCertificates;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider's JWKS over HTTPS with a certificate of the hospital's own CA (as Keycloak and AD FS usually have),
 * served by a JDK HTTPS server on 127.0.0.1: the node reads it when http.oidc.trustedCertificates names that CA, and
 * not with the JDK's authorities, nor from a server whose certificate names another host.
 */
class OidcJwksTlsIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path pki;

    private static RSAKey provider;
    private static TestCertificates.Authority hospitalCa;
    private static HttpsServer jwks;
    private static HttpsServer jwksForAnotherHost;
    private static final AtomicInteger jwksFetches = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void startProvider() throws Exception {
        provider = new RSAKeyGenerator(2048).keyID("hospital-1").generate();
        TestCertificates certificates = new TestCertificates(pki);
        hospitalCa = certificates.authority("hospital-ca");
        jwks = jwksServer(certificates.issue(hospitalCa, "idp"));
        jwksForAnotherHost = jwksServer(certificates.issue(
                hospitalCa,
                "elsewhere",
                "DNS:idp.elsewhere.example.org",
                Instant.now().minus(Duration.ofDays(1)),
                30));
    }

    @AfterAll
    static void stopProvider() {
        jwks.stop(0);
        jwksForAnotherHost.stop(0);
    }

    @Test
    void keysFromAServerOfTheTrustedHospitalCaVerifyTokens() throws Exception {
        int before = jwksFetches.get();
        assertEquals(200, jobsWithToken(jwks, hospitalCa.certificate()).statusCode());
        assertTrue(jwksFetches.get() > before, "the keys came from the HTTPS server");
    }

    @Test
    void withoutTrustedCertificatesTheJdkAuthoritiesRefuseTheHospitalCa() throws Exception {
        int before = jwksFetches.get();
        HttpResponse<String> refused = jobsWithToken(jwks, null);
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals(before, jwksFetches.get(), "refused at the TLS handshake, before any request");
        assertTrue(refused.body().contains("keys could not be read"), "the caller is told why: " + refused.body());
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        int before = jwksFetches.get();
        HttpResponse<String> refused = jobsWithToken(jwksForAnotherHost, hospitalCa.certificate());
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals(before, jwksFetches.get(), "refused at the TLS handshake (host name check), before any request");
        assertTrue(refused.body().contains("keys could not be read"), refused.body());
    }

    /** GET /api/jobs with a viewer's token, on a node whose JWKS is at {@code server}, trusting {@code authority}. */
    private HttpResponse<String> jobsWithToken(HttpsServer server, Path authority) throws Exception {
        NodeHarness harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        String trust = authority == null ? "" : "    trustedCertificates: " + authority + "\n";
        Path yaml = JwksEndpoint.configuration(
                dir, "https://127.0.0.1:" + server.getAddress().getPort() + JwksEndpoint.KEYS_PATH, trust);
        try (NodeApplication node = new NodeApplication(ConfigurationLoader.load(yaml, harness.env))) {
            node.start();
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.httpPort + "/api/jobs"))
                            .header("Authorization", "Bearer " + viewerToken())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpsServer jwksServer(TestCertificates.Identity identity) throws Exception {
        char[] password = "test".toCharArray();
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(DicomTls.identity(identity.certificate(), identity.privateKey(), password), password);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        JwksEndpoint.serve(server, provider, jwksFetches);
        return server;
    }

    private static String viewerToken() throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(provider.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                new JWTClaimsSet.Builder()
                        .issuer(JwksEndpoint.ISSUER)
                        .audience(JwksEndpoint.AUDIENCE)
                        .subject("f3c1-radiographer")
                        .claim("roles", List.of("viewer"))
                        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                        .build());
        jwt.sign(new RSASSASigner(provider));
        return jwt.serialize();
    }
}

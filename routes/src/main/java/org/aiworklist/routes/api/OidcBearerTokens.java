package org.aiworklist.routes.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aiworklist.routes.config.NodeConfiguration.ApiRole;
import org.aiworklist.routes.config.NodeConfiguration.Oidc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OIDC bearer tokens from the hospital's identity provider (Keycloak, AD FS): a JWT signed with RS256 or ES256 only
 * (never "none", never HMAC, so a public key cannot be abused as a shared secret), by a key of the provider's JWKS,
 * from the configured issuer, for the configured audience, within exp and nbf give or take a minute of clock skew.
 * The JWKS is cached, fetched again when a token names a key id it lacks (key rotation), but at most twice in
 * {@link #MIN_REFRESH_INTERVAL}, so tokens with made-up key ids cannot make the node hammer the provider.
 */
final class OidcBearerTokens {
    private static final Logger log = LoggerFactory.getLogger(OidcBearerTokens.class);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int CLOCK_SKEW_SECONDS = 60;
    private static final int HTTP_TIMEOUT_MILLIS = 2_000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;
    private static final Duration CACHE_TIME = Duration.ofMinutes(10);
    static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

    /** The token's user (preferred_username, else sub) and the role its roles claim grants. */
    record Bearer(String name, ApiRole role) {}

    private final Oidc config;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    OidcBearerTokens(Oidc config) {
        this.config = config;
        JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(
                        config.jwksUrl(),
                        new DefaultResourceRetriever(
                                HTTP_TIMEOUT_MILLIS, HTTP_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT, true, config.jwksTls()))
                .cache(CACHE_TIME.toMillis(), 2L * HTTP_TIMEOUT_MILLIS)
                .rateLimited(MIN_REFRESH_INTERVAL.toMillis())
                .build();
        // typ JWT (Keycloak, AD FS), at+jwt (RFC 9068 access tokens) or none
        processor.setJWSTypeVerifier(
                new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                config.audience(),
                new JWTClaimsSet.Builder().issuer(config.issuer()).build(),
                Set.of("exp", "sub"));
        claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The caller this token names, or a refusal: 401 for a token that does not verify, 403 for one without a role. */
    Bearer verify(String token) {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new ApiRefusal(401, "unknown API token (and not a JWT)");
        } catch (BadJOSEException e) {
            throw new ApiRefusal(401, "OIDC bearer token refused: " + e.getMessage());
        } catch (JOSEException e) {
            if (!(e instanceof RateLimitReachedException)) {
                log.warn("security: OIDC keys could not be read from {}: {}", config.jwksUrl(), e.getMessage());
            }
            throw new ApiRefusal(401, "OIDC bearer token refused: the identity provider's keys could not be read");
        }
        String name = claims.getClaim("preferred_username") instanceof String user ? user : claims.getSubject();
        Collection<?> roles = roles(claims.getClaims());
        if (roles.contains(config.operatorRole())) {
            return new Bearer(name, ApiRole.OPERATOR);
        }
        if (roles.contains(config.viewerRole())) {
            return new Bearer(name, ApiRole.VIEWER);
        }
        throw new ApiRefusal(
                403,
                "OIDC user '" + name + "' has neither role '" + config.viewerRole() + "' nor '" + config.operatorRole()
                        + "' in claim '" + config.rolesClaim() + "'");
    }

    /**
     * The roles claim: a top-level claim of that name (AD FS's role claim is a URI, dots included), else a dotted path
     * into nested objects (Keycloak's realm_access.roles); a single string counts as one role.
     */
    private Collection<?> roles(Map<String, Object> claims) {
        Object value = claims.get(config.rolesClaim());
        if (value == null) {
            Object node = claims;
            for (String step : config.rolesClaim().split("\\.", -1)) {
                node = node instanceof Map<?, ?> object ? object.get(step) : null;
            }
            value = node;
        }
        if (value instanceof Collection<?> many) {
            return many;
        }
        return value == null ? List.of() : List.of(value);
    }
}

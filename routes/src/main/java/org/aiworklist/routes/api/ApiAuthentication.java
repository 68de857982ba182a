package org.aiworklist.routes.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.aiworklist.routes.config.NodeConfiguration.ApiRole;
import org.aiworklist.routes.config.NodeConfiguration.ApiToken;

/**
 * Who may call the API. With http.tokens configured, every call but /health and CORS preflights (which carry no
 * credentials) needs {@code Authorization: Bearer TOKEN} naming a configured token (else 401); reading takes any
 * role, anything else the operator role (else 403). Without tokens the API is open, which the configuration allows
 * only on a loopback bind.
 */
final class ApiAuthentication {
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final String BEARER = "Bearer ";

    private final List<ApiToken> tokens;

    ApiAuthentication(List<ApiToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    void check(HttpServerRequest request) {
        if (tokens.isEmpty() || HttpMethod.OPTIONS.equals(request.method()) || "/health".equals(request.path())) {
            return;
        }
        ApiToken caller = caller(request.headers().getAll("Authorization"));
        if (!READS.contains(request.method()) && caller.role() != ApiRole.OPERATOR) {
            throw new ApiRefusal(403, "this needs the operator role; token '" + caller.name() + "' is a viewer's");
        }
    }

    private ApiToken caller(List<String> authorization) {
        if (authorization.size() != 1 || !authorization.get(0).regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiRefusal(401, "authentication required: Authorization: Bearer <API token>");
        }
        byte[] presented =
                sha256(authorization.get(0).substring(BEARER.length()).trim());
        // every configured token is compared, in constant time, so timing tells nothing about which one nearly matched
        ApiToken match = null;
        for (ApiToken token : tokens) {
            if (MessageDigest.isEqual(HexFormat.of().parseHex(token.sha256()), presented)) {
                match = token;
            }
        }
        if (match == null) {
            throw new ApiRefusal(401, "unknown API token");
        }
        return match;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

package org.aiworklist.routes.api;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.common.audit.AuditTrail;
import org.aiworklist.routes.audit.TokenLogins;
import org.aiworklist.routes.config.NodeConfiguration.ApiRole;
import org.aiworklist.routes.config.NodeConfiguration.ApiToken;

/**
 * Who may call the API. With http.tokens or http.oidc configured, every call but /health and CORS preflights (which
 * carry no credentials) needs {@code Authorization: Bearer TOKEN} naming a configured token or carrying a valid OIDC
 * token (else 401); reading takes any role, anything else the operator role (else 403). Without tokens, OIDC or users
 * the API is open, which the configuration allows only on a loopback bind.
 */
final class ApiAuthentication {
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);
    private static final String BEARER = "Bearer ";

    /** Who calls when the API has no tokens (loopback only). */
    static final String UNAUTHENTICATED = "unauthenticated";

    private final List<ApiToken> tokens;
    /** Null without http.oidc. */
    private final OidcBearerTokens oidc;

    private final LoginSessions sessions;
    private final AuditTrail audit;
    private final TokenLogins logins;

    ApiAuthentication(List<ApiToken> tokens, OidcBearerTokens oidc, LoginSessions sessions, AuditTrail audit) {
        this.tokens = List.copyOf(tokens);
        this.oidc = oidc;
        this.sessions = sessions;
        this.audit = audit;
        this.logins = new TokenLogins(audit);
    }

    /**
     * The caller, as the audit trail names it (its token's name and address), or a refusal: a missing or unknown
     * token is audited as a failed login, a viewer's token asking to act as a use of a restricted function.
     */
    AuditEvent.Peer check(HttpServerRequest request) {
        String address =
                request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        if ((tokens.isEmpty() && oidc == null && !sessions.hasUsers())
                || HttpMethod.OPTIONS.equals(request.method())
                || "/health".equals(request.path())
                || isLoginOrPage(request)) {
            return new AuditEvent.Peer(UNAUTHENTICATED, address);
        }
        if (sessions.hasUsers() && request.headers().getAll("Authorization").isEmpty()) {
            return sessionUser(request, address);
        }
        OidcBearerTokens.Bearer caller;
        try {
            caller = caller(request.headers().getAll("Authorization"));
        } catch (ApiRefusal refused) {
            audit.record(new AuditEvent.UserAuthentication(
                    Instant.now(), new AuditEvent.Peer("", address), true, false, refused.getMessage()));
            throw refused;
        }
        AuditEvent.Peer user = new AuditEvent.Peer(caller.name(), address);
        logins.used(user, Instant.now());
        if (!READS.contains(request.method()) && caller.role() != ApiRole.OPERATOR) {
            audit.record(new AuditEvent.SecurityAlert(
                    Instant.now(),
                    AuditEvent.Alert.RESTRICTED_FUNCTION,
                    user,
                    request.method() + " " + request.path() + " needs the operator role"));
            throw new ApiRefusal(403, "this needs the operator role; token '" + caller.name() + "' is a viewer's");
        }
        return user;
    }

    /**
     * With local users, the login call and the page's static files (no patient data: the page asks the API for
     * everything) are open, so a browser can show the login form.
     */
    private boolean isLoginOrPage(HttpServerRequest request) {
        if (!sessions.hasUsers()) {
            return false;
        }
        String path = request.path();
        return (HttpMethod.POST.equals(request.method()) && "/api/login".equals(path))
                || (READS.contains(request.method()) && ("/".equals(path) || path.startsWith("/assets/")));
    }

    /** The session cookie's user; an action also needs the session's CSRF token and the operator role. */
    private AuditEvent.Peer sessionUser(HttpServerRequest request, String address) {
        var cookie = request.getCookie(LoginSessions.COOKIE);
        LoginSessions.Session session = cookie == null ? null : sessions.find(cookie.getValue());
        if (session == null) {
            throw new ApiRefusal(401, "log in first (POST /api/login), or send Authorization: Bearer <API token>");
        }
        AuditEvent.Peer user = new AuditEvent.Peer(session.user(), address);
        if (!READS.contains(request.method())) {
            if (!LoginSessions.csrfMatches(session, request.getHeader(LoginSessions.CSRF_HEADER))) {
                throw new ApiRefusal(403, "missing or wrong " + LoginSessions.CSRF_HEADER + " header");
            }
            if (session.role() != ApiRole.OPERATOR && !"/api/logout".equals(request.path())) {
                audit.record(new AuditEvent.SecurityAlert(
                        Instant.now(),
                        AuditEvent.Alert.RESTRICTED_FUNCTION,
                        user,
                        request.method() + " " + request.path() + " needs the operator role"));
                throw new ApiRefusal(403, "this needs the operator role; user '" + session.user() + "' is a viewer");
            }
        }
        return user;
    }

    /** A configured API token's name and role, else those of a valid OIDC bearer token (with http.oidc). */
    private OidcBearerTokens.Bearer caller(List<String> authorization) {
        if (authorization.size() != 1 || !authorization.get(0).regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new ApiRefusal(401, "authentication required: Authorization: Bearer <API token>");
        }
        String bearer = authorization.get(0).substring(BEARER.length()).trim();
        byte[] presented = sha256(bearer);
        // every configured token is compared, in constant time, so timing tells nothing about which one nearly matched
        ApiToken match = null;
        for (ApiToken token : tokens) {
            if (MessageDigest.isEqual(HexFormat.of().parseHex(token.sha256()), presented)) {
                match = token;
            }
        }
        if (match != null) {
            return new OidcBearerTokens.Bearer(match.name(), match.role());
        }
        if (oidc == null) {
            throw new ApiRefusal(401, "unknown API token");
        }
        return oidc.verify(bearer);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

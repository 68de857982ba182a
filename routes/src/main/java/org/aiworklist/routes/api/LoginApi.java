package org.aiworklist.routes.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * {@code POST /api/login}, {@code POST /api/logout} and {@code GET /api/session} for the page's local users. The
 * session cookie is HttpOnly (no script reads it) and SameSite=Strict (no other site's page sends it); the CSRF token
 * comes in the answer's body, which only the node's own page can read, and must come back in {@value
 * LoginSessions#CSRF_HEADER} with every action.
 */
public final class LoginApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoginSessions sessions;

    LoginApi(LoginSessions sessions) {
        this.sessions = sessions;
    }

    public String login(Exchange exchange) {
        HttpServerRequest request = VertxExchange.of(exchange).request();
        JsonNode body;
        try {
            body = JSON.readTree(exchange.getIn().getBody(String.class));
        } catch (Exception e) {
            throw new ApiRefusal(400, "the body must be JSON: {\"name\": ..., \"password\": ...}");
        }
        if (body == null
                || !body.path("name").isTextual()
                || !body.path("password").isTextual()) {
            throw new ApiRefusal(400, "the body must be JSON: {\"name\": ..., \"password\": ...}");
        }
        LoginSessions.Session session =
                sessions.login(body.get("name").asText(), body.get("password").asText(), address(request));
        VertxExchange.of(exchange)
                .response()
                .putHeader("Set-Cookie", LoginSessions.COOKIE + "=" + session.id() + cookieAttributes(request));
        return describe(session);
    }

    public String logout(Exchange exchange) {
        HttpServerRequest request = VertxExchange.of(exchange).request();
        LoginSessions.Session session = current(request);
        if (session != null) {
            sessions.logout(session, address(request));
        }
        VertxExchange.of(exchange)
                .response()
                .putHeader("Set-Cookie", LoginSessions.COOKIE + "=; Max-Age=0" + cookieAttributes(request));
        return ApiJson.write(Map.of("loggedOut", true));
    }

    /** Who the session cookie belongs to, and its CSRF token (after a reload the page has only the cookie). */
    public String session(Exchange exchange) {
        LoginSessions.Session session = current(VertxExchange.of(exchange).request());
        if (session == null) {
            throw new ApiRefusal(401, "not logged in");
        }
        return describe(session);
    }

    private LoginSessions.Session current(HttpServerRequest request) {
        var cookie = request.getCookie(LoginSessions.COOKIE);
        return cookie == null ? null : sessions.find(cookie.getValue());
    }

    private static String describe(LoginSessions.Session session) {
        return ApiJson.write(Map.of(
                "user", session.user(),
                "role", session.role().name().toLowerCase(Locale.ROOT),
                "csrfToken", session.csrfToken()));
    }

    /** Secure when the node itself answers over HTTPS: the browser then never sends it in clear. */
    private static String cookieAttributes(HttpServerRequest request) {
        return "; Path=/; HttpOnly; SameSite=Strict" + (request.isSSL() ? "; Secure" : "");
    }

    static String address(HttpServerRequest request) {
        return request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
    }
}

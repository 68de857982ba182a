package org.aiworklist.routes.api;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.common.audit.AuditTrail;
import org.aiworklist.routes.config.NodeConfiguration;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Admits an API request only when a browser cannot have been talked into sending it:
 * the Host names this node (stops DNS rebinding), an Origin is the node's own or a configured CORS origin
 * (stops cross-site requests), and anything but GET/HEAD/OPTIONS carries Content-Type: application/json
 * (a cross-site form or simple fetch cannot, without a preflight the node does not grant).
 * Refusals are thrown as {@link ApiRefusal}.
 */
public final class ApiRequestGuard implements Processor {
    /** Exchange property: the request's Origin when it is a configured CORS origin (answered with CORS headers). */
    public static final String CORS_ORIGIN = "aiworklist.corsOrigin";
    /** Exchange property: who is calling ({@link AuditEvent.Peer}: token name and address), for the audit trail. */
    public static final String USER = "aiworklist.user";

    /** A request let in: its CORS origin (null unless a configured one) and its caller. */
    record Admission(String corsOrigin, AuditEvent.Peer user) {}

    private static final Set<HttpMethod> SAFE_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private final List<String> allowedHosts;
    private final List<String> corsOrigins;
    /** The scheme of the node's own pages: https when it serves HTTPS. */
    private final String scheme;

    private final ApiAuthentication authentication;
    private final LoginSessions sessions;

    public ApiRequestGuard(NodeConfiguration.Http http) {
        this(http, AuditTrail.NONE);
    }

    /**
     * As above, telling {@code audit} about logins (tokens' first use, local users'), failed logins and refused
     * actions.
     */
    public ApiRequestGuard(NodeConfiguration.Http http, AuditTrail audit) {
        this.sessions = new LoginSessions(http.users(), audit, Clock.systemUTC());
        this.authentication = new ApiAuthentication(
                http.tokens(), http.oidc() == null ? null : new OidcBearerTokens(http.oidc()), sessions, audit);
        this.allowedHosts = http.allowedHosts();
        this.scheme = http.https() == null ? "http" : "https";
        this.corsOrigins = http.corsOrigins().stream()
                .map(ApiRequestGuard::normalisedOrigin)
                .toList();
    }

    /** The login, logout and session calls over this guard's sessions. */
    public LoginApi loginApi() {
        return new LoginApi(sessions);
    }

    @Override
    public void process(Exchange exchange) {
        Admission admission = admit(VertxExchange.of(exchange).request());
        if (admission.corsOrigin() != null) {
            exchange.setProperty(CORS_ORIGIN, admission.corsOrigin());
        }
        exchange.setProperty(USER, admission.user());
    }

    /**
     * Admits the request or throws {@link ApiRefusal}; returns its Origin when that is a configured CORS origin (to
     * be answered with CORS headers), else null, and who calls. Also for answers served outside Camel (server-sent
     * events).
     */
    Admission admit(HttpServerRequest request) {
        MultiMap headers = request.headers();
        String host = requestedHost(request);
        if (host == null || !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            throw new ApiRefusal(421, "this node does not answer for the host named in the request");
        }
        String origin = single(headers, "Origin");
        String corsOrigin = origin == null ? null : admitOrigin(origin, request.authority());
        if (!SAFE_METHODS.contains(request.method()) && !isJson(single(headers, "Content-Type"))) {
            throw new ApiRefusal(415, request.method() + " requests must have Content-Type: application/json");
        }
        return new Admission(corsOrigin, authentication.check(request));
    }

    /** The origin when it is a configured CORS origin, null when it is the node's own; a refusal otherwise. */
    private String admitOrigin(String origin, HostAndPort authority) {
        if (corsOrigins.contains(normalisedOrigin(origin))) {
            return origin;
        }
        if (!isOwnOrigin(origin, authority)) {
            throw new ApiRefusal(403, "requests from other web origins are not accepted");
        }
        return null;
    }

    /**
     * A page this node serves itself: its scheme, one of the allowed host names, the port the request came to.
     * (A page from localhost:8080 calling 127.0.0.1:8080 is cross-origin to a browser, but it is the same node.)
     */
    private boolean isOwnOrigin(String origin, HostAndPort authority) {
        try {
            URI uri = new URI(origin);
            return scheme.equalsIgnoreCase(uri.getScheme())
                    && uri.getHost() != null
                    && uri.getRawPath().isEmpty()
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && allowedHosts.contains(uri.getHost().toLowerCase(Locale.ROOT))
                    && portOrDefault(uri.getPort()) == portOrDefault(authority.port());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private int portOrDefault(int port) {
        return port >= 0 ? port : "https".equals(scheme) ? 443 : 80;
    }

    /** The header's value; null when absent, and a refusal when repeated (which of two would be believed?). */
    private static String single(MultiMap headers, String name) {
        List<String> values = headers.getAll(name);
        if (values.size() > 1) {
            throw new ApiRefusal(400, "repeated " + name + " header");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * The host name the request is for, without port: Vert.x parses it from the Host header (HTTP/1.1) or
     * :authority (HTTP/2). Null when missing or when Host is repeated (which of two would be believed?).
     */
    private static String requestedHost(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        return authority == null || request.headers().getAll("Host").size() > 1 ? null : authority.host();
    }

    /** scheme://host[:port] in lower case, without the scheme's default port, as browsers send it. */
    private static String normalisedOrigin(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") && lower.endsWith(":80")) {
            return lower.substring(0, lower.length() - 3);
        }
        if (lower.startsWith("https://") && lower.endsWith(":443")) {
            return lower.substring(0, lower.length() - 4);
        }
        return lower;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return mediaType.trim().equalsIgnoreCase("application/json");
    }
}

package org.aiworklist.routes.api;

import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The last step of every API route. Camel answers with the message's headers, and those start as the request's
 * headers and query parameters (?Set-Cookie=..., ?Access-Control-Allow-Origin=*): every one is removed, and the
 * answer carries only the status code and what the node sets. Answers are JSON unless the route's bean set
 * {@link #CONTENT_TYPE} (the page, its scripts and styles, images, metrics); every answer forbids sniffing, caching,
 * framing, referrers and any script, style or image not from the node itself.
 */
public final class ApiResponseHeaders implements Processor {
    static final String JSON = "application/json; charset=utf-8";
    /** Exchange property: the answer's media type, where it is not JSON. Set by the node's own beans only. */
    static final String CONTENT_TYPE = "aiworklist.contentType";
    /** No inline script or style, nothing from elsewhere, no framing: the page shows patient identity. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** On every answer, also on those Vert.x gives without Camel (see PlatformErrorResponses). */
    static final Map<String, String> FIXED = Map.of(
            "X-Content-Type-Options", "nosniff",
            "Cache-Control", "no-store",
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    private final boolean corsConfigured;

    public ApiResponseHeaders(boolean corsConfigured) {
        this.corsConfigured = corsConfigured;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        Object status = message.getHeader(Exchange.HTTP_RESPONSE_CODE);
        message.removeHeaders("*");
        if (status != null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        }
        // Camel writes the message's content type over the response's, so the message carries it too.
        String contentType = exchange.getProperty(CONTENT_TYPE, JSON, String.class);
        message.setHeader(Exchange.CONTENT_TYPE, contentType);
        HttpServerResponse response = VertxExchange.of(exchange).response();
        response.putHeader("Content-Type", contentType);
        FIXED.forEach(response::putHeader);
        addCors(response, corsConfigured, exchange.getProperty(ApiRequestGuard.CORS_ORIGIN, String.class));
    }

    /** The CORS headers of an answer to {@code corsOrigin} (null: none, the request was same-origin or had none). */
    static void addCors(HttpServerResponse response, boolean corsConfigured, String corsOrigin) {
        if (corsConfigured) {
            // The answer differs by Origin, so no cache may hand one origin's answer to another.
            response.putHeader("Vary", "Origin");
        }
        if (corsOrigin != null) {
            response.putHeader("Access-Control-Allow-Origin", corsOrigin);
        }
    }

    /** Marks the answer as {@code contentType} rather than JSON. */
    static void answerAs(Exchange exchange, String contentType) {
        exchange.setProperty(CONTENT_TYPE, contentType);
    }
}

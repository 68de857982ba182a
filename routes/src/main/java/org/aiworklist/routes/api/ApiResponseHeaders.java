package org.aiworklist.routes.api;

import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The last step of every API route. Camel answers with the message's headers, and those start as the request's
 * headers and query parameters (?Set-Cookie=..., ?Access-Control-Allow-Origin=*): every one is removed, and the
 * answer carries only the status code and what the node sets.
 */
public final class ApiResponseHeaders implements Processor {
    static final String JSON = "application/json; charset=utf-8";
    /** On every answer, also on those Vert.x gives without Camel (see PlatformErrorResponses). */
    static final Map<String, String> FIXED = Map.of(
            "Content-Type", JSON,
            "X-Content-Type-Options", "nosniff",
            "Cache-Control", "no-store");

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
        message.setHeader(Exchange.CONTENT_TYPE, JSON);
        HttpServerResponse response = VertxExchange.of(exchange).response();
        FIXED.forEach(response::putHeader);
        if (corsConfigured) {
            // The answer differs by Origin, so no cache may hand one origin's answer to another.
            response.putHeader("Vary", "Origin");
        }
        String corsOrigin = exchange.getProperty(ApiRequestGuard.CORS_ORIGIN, String.class);
        if (corsOrigin != null) {
            response.putHeader("Access-Control-Allow-Origin", corsOrigin);
        }
    }
}

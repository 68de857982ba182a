package org.aiworklist.routes.api;

import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Answers OPTIONS on an API path, after {@link ApiResponseHeaders}: 204 with the path's method and, for a configured
 * CORS origin only (the guard refused any other), permission to send it with a JSON body.
 */
public final class CorsPreflight implements Processor {
    private final String method;

    public CorsPreflight(String method) {
        this.method = method;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
        HttpServerResponse response = VertxExchange.of(exchange).response();
        response.putHeader("Allow", method + ", OPTIONS");
        if (exchange.getProperty(ApiRequestGuard.CORS_ORIGIN) != null) {
            response.putHeader("Access-Control-Allow-Methods", method);
            response.putHeader("Access-Control-Allow-Headers", "Content-Type");
            response.putHeader("Access-Control-Max-Age", "600");
        }
    }
}

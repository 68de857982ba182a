package org.aiworklist.routes.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The Vert.x request and response behind an API exchange. The guard reads the request itself because Camel's
 * message headers mix in query parameters and form fields (?Origin=... would pass for an Origin header); headers
 * are put on the response itself because Camel's HTTP header filter drops some (Cache-Control) from messages.
 * Both are remembered on first use: once a route has called a bean, the message is no longer Vert.x's.
 */
record VertxExchange(HttpServerRequest request, HttpServerResponse response) {
    private static final String PROPERTY = "aiworklist.vertxExchange";

    static VertxExchange of(Exchange exchange) {
        VertxExchange remembered = exchange.getProperty(PROPERTY, VertxExchange.class);
        if (remembered != null) {
            return remembered;
        }
        HttpMessage message = exchange.getIn(HttpMessage.class);
        if (message == null) {
            throw new IllegalStateException("API routes are reached over platform-http only");
        }
        VertxExchange vertx = new VertxExchange(message.getRequest(), message.getResponse());
        exchange.setProperty(PROPERTY, vertx);
        return vertx;
    }
}

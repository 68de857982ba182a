package org.aiworklist.routes.api;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Answers OPTIONS, after {@link ApiResponseHeaders}: 204 with the methods the API has and, for a configured CORS
 * origin only (the guard refused any other), permission to send them with a JSON body.
 */
public final class CorsPreflight implements Processor {
    private static final String METHODS = "GET, POST";

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        message.removeHeader(Exchange.CONTENT_TYPE);
        message.setHeader("Allow", METHODS + ", OPTIONS");
        if (exchange.getProperty(ApiRequestGuard.CORS_ORIGIN) != null) {
            message.setHeader("Access-Control-Allow-Methods", METHODS);
            message.setHeader("Access-Control-Allow-Headers", "Content-Type");
            message.setHeader("Access-Control-Max-Age", "600");
        }
        message.setBody(null);
    }
}

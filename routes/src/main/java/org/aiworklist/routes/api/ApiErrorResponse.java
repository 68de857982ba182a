package org.aiworklist.routes.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what stopped an API route into its JSON answer: a refusal's status and message, or 500 for anything
 * else. The exception text is not shown (it may name files or UIDs) and is logged by type only.
 */
public final class ApiErrorResponse implements Processor {
    private static final Logger log = LoggerFactory.getLogger(ApiErrorResponse.class);

    @Override
    public void process(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught instanceof ApiRefusal refusal) {
            answer(exchange, refusal.status(), refusal.getMessage());
        } else {
            log.warn(
                    "API route {} failed: {}",
                    exchange.getFromRouteId(),
                    caught == null ? "unknown error" : caught.getClass().getName());
            answer(exchange, 500, "internal error");
        }
    }

    private static void answer(Exchange exchange, int status, String message) {
        exchange.removeProperty(ApiResponseHeaders.CONTENT_TYPE); // errors are JSON, whatever was being answered
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(ApiJson.error(message));
    }
}

package org.aiworklist.routes.api;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The answers Vert.x gives itself, before any Camel route runs: unknown path (404), method the path lacks (405),
 * unacceptable Accept (406), a failure outside a route (500) and the like. Same JSON and headers as the API's
 * own answers instead of Vert.x's HTML pages.
 */
public final class PlatformErrorResponses {
    private static final List<Integer> STATUSES = List.of(400, 404, 405, 406, 413, 415, 500);

    private PlatformErrorResponses() {}

    public static void install(Router router) {
        STATUSES.forEach(status -> router.errorHandler(status, context -> answer(context, status)));
    }

    private static void answer(RoutingContext context, int status) {
        answer(context, status, HttpResponseStatus.valueOf(status).reasonPhrase());
    }

    /** A JSON error with the node's headers, for answers given outside Camel. */
    static void answer(RoutingContext context, int status, String message) {
        if (context.response().headWritten()) {
            // Failed after the answer began: no JSON can follow, so the half-sent answer is dropped.
            context.response().reset();
            return;
        }
        context.response().setStatusCode(status);
        context.response().headers().clear();
        context.response().putHeader("Content-Type", ApiResponseHeaders.JSON);
        ApiResponseHeaders.FIXED.forEach(context.response()::putHeader);
        context.response().end(ApiJson.error(message));
    }
}

package org.aiworklist.routes.api;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent events at {@code GET /api/events}: an open page learns, without reloading, that jobs, the worklist or
 * the quarantine changed. An event names job ids only; the page fetches what it shows through the API. Changes are
 * gathered from committed transactions ({@link #changes()}: this node's, and with a broker every other node's too)
 * and sent at most every {@link #PERIOD_MS} ms (the live-events route); a comment every 15 s keeps an idle
 * connection open through proxies. Served by Vert.x itself (a Camel route answers once and ends), behind the same
 * guard and with the same headers as every other answer.
 */
public final class LiveEvents {
    static final String PATH = "/api/events";
    public static final int PERIOD_MS = 500;
    /** Open pages at most; more get 503 (each holds a connection). */
    static final int MAX_CLIENTS = 32;

    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(15);
    private final ApiRequestGuard guard;
    private final boolean corsConfigured;
    private final Set<HttpServerResponse> clients = ConcurrentHashMap.newKeySet();
    private final PendingChanges changes = new PendingChanges();
    private volatile long lastSent = System.nanoTime();

    public LiveEvents(ApiRequestGuard guard, boolean corsConfigured) {
        this.guard = guard;
        this.corsConfigured = corsConfigured;
    }

    /** Serves the event stream on the node's HTTP router (once Camel has started it). */
    public void install(Router router) {
        router.get(PATH).handler(this::open);
    }

    private void open(RoutingContext context) {
        String corsOrigin;
        try {
            corsOrigin = guard.admit(context.request()).corsOrigin();
        } catch (ApiRefusal refusal) {
            PlatformErrorResponses.answer(context, refusal.status(), refusal.getMessage());
            return;
        }
        if (clients.size() >= MAX_CLIENTS) {
            PlatformErrorResponses.answer(context, 503, "too many open pages; close one and reload");
            return;
        }
        HttpServerResponse response = context.response();
        response.setChunked(true);
        response.putHeader("Content-Type", "text/event-stream; charset=utf-8");
        ApiResponseHeaders.FIXED.forEach(response::putHeader);
        ApiResponseHeaders.addCors(response, corsConfigured, corsOrigin);
        response.closeHandler(closed -> clients.remove(response));
        response.exceptionHandler(failed -> clients.remove(response));
        clients.add(response);
        response.write("retry: 2000\n\n");
    }

    /** What the next event tells: watches this node's commits, and is given other nodes' changes. */
    public PendingChanges changes() {
        return changes;
    }

    /** The live-events route: tells every open page what changed since the last call, if anything did. */
    public void flush() {
        LiveChange change = changes.take();
        long now = System.nanoTime();
        String message;
        if (change != null) {
            message = "event: change\ndata: " + ApiJson.write(change) + "\n\n";
        } else if (now - lastSent > KEEP_ALIVE_NANOS) {
            message = ": keep-alive\n\n";
        } else {
            return;
        }
        lastSent = now;
        clients.removeIf(HttpServerResponse::closed);
        clients.forEach(client -> client.write(message));
    }

    /** Ends every open stream: the node is stopping (pages reconnect to the next one). */
    public void close() {
        clients.forEach(client -> {
            if (!client.closed()) {
                client.end();
            }
        });
        clients.clear();
    }
}

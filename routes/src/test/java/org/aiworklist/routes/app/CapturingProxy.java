package org.aiworklist.routes.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP proxy on 127.0.0.1 in front of the real test server: it keeps every request the node sends (headers
 * and body) so tests can check what left the node, and passes it on. In a fault mode it changes the request so that
 * the real server itself answers with an error: image data that is no image (llama.cpp: 400 "Failed to load image
 * or audio file"), or an http:// image URL instead of a data: URI (llama.cpp fetches nothing: 500).
 */
final class CapturingProxy implements AutoCloseable {
    enum Mode {
        PASS,
        CORRUPT_IMAGES,
        IMAGE_URLS
    }

    /** One request as the node sent it. */
    record Captured(String method, String path, Map<String, List<String>> headers, String body) {}

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Captured> captured = new CopyOnWriteArrayList<>();
    private final String upstream;
    private final Mode mode;

    private CapturingProxy(String upstream, Mode mode) throws IOException {
        this.upstream = upstream;
        this.mode = mode;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    /** @param upstream the real server's API root, e.g. http://127.0.0.1:PORT/v1 */
    static CapturingProxy start(String upstream, Mode mode) throws IOException {
        return new CapturingProxy(upstream, mode);
    }

    /** The API root to put in a manifest. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The chat-completions requests (not the reachability checks), in order. */
    List<Captured> requests() {
        return captured.stream()
                .filter(c -> c.path().endsWith("/chat/completions"))
                .toList();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            captured.add(new Captured(method, path, Map.copyOf(exchange.getRequestHeaders()), body));
            HttpRequest.Builder upstreamRequest =
                    HttpRequest.newBuilder(URI.create(upstream + path.replaceFirst("^/v1", "")));
            if ("POST".equals(method)) {
                upstreamRequest
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(altered(body)));
            }
            HttpResponse<byte[]> answer = http.send(upstreamRequest.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String altered(String body) {
        return switch (mode) {
            case PASS -> body;
            case CORRUPT_IMAGES ->
                body.replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,bm90IGFuIGltYWdl");
            case IMAGE_URLS -> body.replaceAll("data:image/png;base64,[A-Za-z0-9+/=]+", "http://127.0.0.1:9/slice.png");
        };
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

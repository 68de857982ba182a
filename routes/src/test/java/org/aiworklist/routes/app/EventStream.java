package org.aiworklist.routes.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A page's server-sent event stream ({@code GET /api/events}) as a browser would hold it open, read on a thread of
 * its own: the job ids its change events named. Reading ends when the node ends the stream or the test closes it.
 */
final class EventStream implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Set<Long> jobs = ConcurrentHashMap.newKeySet();
    private final InputStream body;
    private final Thread reader;

    private EventStream(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "event-stream");
        reader.setDaemon(true);
        reader.start();
    }

    static EventStream open(int httpPort) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/events"))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IllegalStateException("event stream refused: " + response.statusCode());
        }
        return new EventStream(response.body());
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data: ")) {
                    JsonNode change = JSON.readTree(line.substring("data: ".length()));
                    change.get("jobs").forEach(id -> jobs.add(id.asLong()));
                }
            }
        } catch (IOException ended) {
            // the node stopped, or the test closed the stream
        }
    }

    /** The ids of every job an event named so far. */
    Set<Long> jobs() {
        return new HashSet<>(jobs);
    }

    @Override
    public void close() throws Exception {
        body.close();
        reader.join(10_000);
    }
}

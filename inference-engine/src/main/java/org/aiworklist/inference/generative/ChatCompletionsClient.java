package org.aiworklist.inference.generative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import org.aiworklist.inference.manifest.GenerativeReportManifest;

/**
 * Sends draft requests to one generative model's OpenAI-compatible endpoint ({@code POST .../chat/completions})
 * with the JDK's HTTP client, and sorts what comes back: a checked answer ({@link DraftAnswer}), or a
 * {@link DraftFailure} that says whether trying later may help and quotes the server's error message (vLLM,
 * llama.cpp and Ollama answer JSON errors). The API key, read once from its environment variable, travels in the
 * Authorization header only and is never part of a message.
 */
public final class ChatCompletionsClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Statuses that mean "not now": the request may succeed later. */
    private static final Set<Integer> RETRYABLE = Set.of(408, 425, 429);

    private final GenerativeReportManifest manifest;
    private final String apiKey;
    private final Collection<String> allowedHosts;
    private final boolean allowPublic;
    private final HttpClient http;

    /**
     * @param apiKey       the key from the manifest's apiKeyEnv, or null when it names none
     * @param allowedHosts hosts the endpoint may be on; checked again before each request
     */
    public ChatCompletionsClient(
            GenerativeReportManifest manifest, String apiKey, Collection<String> allowedHosts, boolean allowPublic) {
        this.manifest = manifest;
        this.apiKey = apiKey;
        this.allowedHosts = Set.copyOf(allowedHosts);
        this.allowPublic = allowPublic;
        this.http = HttpClient.newBuilder()
                .connectTimeout(
                        Duration.ofSeconds(Math.min(10, manifest.endpoint().timeoutSeconds())))
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect could lead off the allowlist
                .build();
    }

    /**
     * Whether the endpoint can be reached at all ({@code GET .../models}, which vLLM, llama.cpp and Ollama serve;
     * any HTTP answer will do), checked before the images are prepared: while a server is down, a retry costs a
     * connection attempt, not the decoding of a whole series.
     */
    public void reachable() throws DraftFailure, InterruptedException {
        URI uri = URI.create(
                manifest.endpoint().chatCompletions().toString().replaceFirst("chat/completions$", "models"));
        String refusal = EndpointAddresses.refusal(uri, allowedHosts, allowPublic);
        if (refusal != null) {
            throw DraftFailure.permanent(refusal);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(Math.min(10, manifest.endpoint().timeoutSeconds())))
                .GET();
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        try {
            http.send(builder.build(), HttpResponse.BodyHandlers.discarding());
        } catch (HttpConnectTimeoutException e) {
            throw DraftFailure.retryable("cannot connect to " + where(uri) + ": connection timed out");
        } catch (ConnectException e) {
            throw DraftFailure.retryable("cannot connect to " + where(uri) + ": " + reason(e));
        } catch (IOException e) {
            throw DraftFailure.retryable("request to " + where(uri) + " failed: " + reason(e));
        }
    }

    /** One request; the answer checked. */
    public DraftAnswer send(DraftRequest request) throws DraftFailure, InterruptedException {
        URI uri = manifest.endpoint().chatCompletions();
        String refusal = EndpointAddresses.refusal(uri, allowedHosts, allowPublic);
        if (refusal != null) {
            throw DraftFailure.permanent(refusal);
        }
        int timeout = manifest.endpoint().timeoutSeconds();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(timeout))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.bytes()));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw DraftFailure.retryable("cannot connect to " + where(uri) + ": connection timed out");
        } catch (HttpTimeoutException e) {
            throw DraftFailure.retryable("no answer from " + where(uri) + " within " + timeout + " s");
        } catch (ConnectException e) {
            throw DraftFailure.retryable("cannot connect to " + where(uri) + ": " + reason(e));
        } catch (IOException e) {
            throw DraftFailure.retryable("request to " + where(uri) + " failed: " + reason(e));
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return DraftAnswer.check(response.body(), manifest);
        }
        String message = "HTTP " + status + " from " + where(uri) + ": " + serverMessage(response.body());
        if (status / 100 == 5 || RETRYABLE.contains(status)) {
            throw DraftFailure.retryable(message);
        }
        throw DraftFailure.permanent(message);
    }

    /** Host and port only: the path is the manifest's, and no query can be there. */
    private static String where(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : DraftAnswer.oneLine(m);
    }

    /** The server's error message: OpenAI's and llama.cpp's {"error":{"message"}}, vLLM's and Ollama's forms. */
    static String serverMessage(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null) {
                JsonNode error = root.path("error");
                if (error.path("message").isTextual()) {
                    return DraftAnswer.oneLine(error.path("message").asText());
                }
                if (error.isTextual()) {
                    return DraftAnswer.oneLine(error.asText());
                }
                if (root.path("message").isTextual()) {
                    return DraftAnswer.oneLine(root.path("message").asText());
                }
            }
        } catch (JsonProcessingException notJson) {
            // a proxy's HTML page or plain text: quoted below
        }
        String text = body == null ? "" : body.strip();
        return text.isEmpty() ? "(no message)" : DraftAnswer.oneLine(text);
    }
}

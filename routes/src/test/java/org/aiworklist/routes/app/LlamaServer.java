package org.aiworklist.routes.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenAI-compatible server the draft tests talk to: llama.cpp's llama-server with a tiny Gemma-3-shaped
 * vision-language model whose weights are random (../shared/llm beside the project, its README). Protocol, image
 * decoding, tokenizer, chat template, context limit and error answers are real; the text is meaningless, so tests
 * check structure, flow and failure handling only. Bound to 127.0.0.1, stopped by the test.
 */
final class LlamaServer implements AutoCloseable {
    /** ../shared/llm from the project root; tests run in the module's folder, one below it. */
    static final Path HOME =
            Path.of("..", "..", "shared", "llm").toAbsolutePath().normalize();

    private final Process process;
    private final int port;
    private final Path log;

    private LlamaServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts serve.sh on the port and waits (60 s at most) until it answers /health. */
    static LlamaServer start(int port, Path log, String... extraFlags) throws Exception {
        return launch(port, log, extraFlags).awaitHealthy();
    }

    /** Starts serve.sh on the port and returns at once, so that several servers can load their model together. */
    static LlamaServer launch(int port, Path log, String... extraFlags) throws IOException {
        Path serve = HOME.resolve("serve.sh");
        if (!Files.isExecutable(serve)) {
            throw new IllegalStateException("the llama.cpp test server is missing: expected " + serve
                    + " (../shared/llm beside the project, see its README and issue 12)");
        }
        List<String> command = new ArrayList<>(List.of(serve.toString(), String.valueOf(port)));
        command.addAll(List.of(extraFlags));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new LlamaServer(process, port, log);
    }

    /** Waits (60 s at most) until the server answers /health; stops it and fails, naming its log, if it does not. */
    LlamaServer awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // still loading
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("llama-server did not become healthy; see " + log);
    }

    /** The API root a manifest names: http://127.0.0.1:PORT/v1. */
    String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}

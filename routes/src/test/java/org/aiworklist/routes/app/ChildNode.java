package org.aiworklist.routes.app;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The node as a separate JVM (`aiworklist serve`), so a test can kill it with SIGKILL and start it again. */
final class ChildNode implements AutoCloseable {
    private final NodeHarness harness;
    private final Path log;
    private Process process;

    ChildNode(NodeHarness harness) {
        this(harness, "child-node");
    }

    /** @param name of its log file in the harness's folder */
    ChildNode(NodeHarness harness, String name) {
        this.harness = harness;
        this.log = harness.dir.resolve(name + ".log");
    }

    /** Starts and waits until the REST API answers /health; {@code jvmOptions} go before the main class. */
    ChildNode start(String... jvmOptions) throws Exception {
        return launch(jvmOptions).awaitUp();
    }

    /** Starts the JVM with the harness's configuration file and environment; returns at once. */
    ChildNode launch(String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                // start cost is most of a child node's life in a test: C1 only, the serial collector (no GC threads
                // to compete on a small box), the JDK's class-data archive; models run in native ONNX Runtime anyway
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-Dai.djl.default_engine=OnnxRuntime",
                "-Dai.djl.offline=true",
                "-Djava.awt.headless=true"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                AiWorklist.class.getName(),
                "serve",
                "--config",
                harness.configFile.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(harness.env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        return this;
    }

    /** Waits, 180 s at most (a start-up on the shared 2-core box can take over a minute), until /health answers. */
    ChildNode awaitUp() throws Exception {
        return awaitUp(Duration.ofMinutes(3));
    }

    /** Waits until the REST API answers /health; several JVMs starting at once on two cores take longer. */
    ChildNode awaitUp(Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                if (harness.get("/health").contains("UP")) {
                    return this;
                }
            } catch (IOException notYet) {
                // the HTTP server is not up yet
            }
            Thread.sleep(200);
        }
        List<String> lines = java.nio.file.Files.readAllLines(log);
        throw new IllegalStateException("child node did not come up: "
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
    }

    /** Where the node's output goes, across restarts. */
    Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no flush, like a power cut for the process. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}

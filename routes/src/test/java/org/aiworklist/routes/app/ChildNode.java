package org.aiworklist.routes.app;

import java.io.IOException;
import java.nio.file.Path;
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
        this.harness = harness;
        this.log = harness.dir.resolve("child-node.log");
    }

    /** Starts and waits until the REST API answers /health; {@code jvmOptions} go before the main class. */
    ChildNode start(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
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
                Path.of("../conf/aiworklist.yaml").toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(harness.env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        Instant deadline = Instant.now().plusSeconds(180); // a start-up on the shared 2-core box can take over a minute
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

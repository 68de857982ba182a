package org.aiworklist.reports;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the viewer-side clients of viewer-clients/ (Node.js scripts on dcmjs and @cornerstonejs/adapters, the code
 * OHIF uses) and parses the JSON they print. Fails the test when node or the npm packages are missing.
 */
public final class ViewerClients {
    private static final String HINT = " (./aiworklist test installs nodejs and runs npm ci --prefix viewer-clients)";
    private final Path clients;

    /** @param projectRoot the repository root, where viewer-clients/ lies */
    public ViewerClients(Path projectRoot) {
        this.clients = projectRoot.resolve("viewer-clients").toAbsolutePath().normalize();
        requireNodeAndPackages();
    }

    /** Runs {@code node viewer-clients/SCRIPT ARGS...}: its stdout as JSON; a non-zero exit fails the test. */
    public JsonNode run(String script, Path... args) throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of("node", clients.resolve(script).toString()));
        for (Path a : args) {
            cmd.add(a.toAbsolutePath().toString());
        }
        Path stderr = Files.createTempFile(script, ".err");
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(script + " did not finish in 120 s");
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        Files.delete(stderr);
        if (p.exitValue() != 0) {
            fail(script + " exited " + p.exitValue() + ": " + err);
        }
        if (!err.isBlank()) {
            System.out.println(script + " stderr: " + err);
        }
        return new ObjectMapper().readTree(stdout);
    }

    private void requireNodeAndPackages() {
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("node does not run" + HINT);
            }
            // dcmjs ships its ES module build without "type": "module": Node 18 cannot import it.
            String[] v = version.replace("v", "").split("\\.", -1);
            int major = Integer.parseInt(v[0]);
            if (major < 20 || (major == 20 && Integer.parseInt(v[1]) < 19)) {
                fail("node " + version + " is too old for dcmjs / @cornerstonejs/adapters: needs >= 20.19" + HINT);
            }
        } catch (IOException e) {
            fail("node is missing" + HINT + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while checking node");
        }
        for (String pkg : List.of("dcmjs", "@cornerstonejs/adapters", "@cornerstonejs/core")) {
            assertTrue(
                    Files.isRegularFile(
                            clients.resolve("node_modules").resolve(pkg).resolve("package.json")),
                    "npm package " + pkg + " missing in " + clients + HINT);
        }
    }
}

package org.aiworklist.inference.fetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a tool to completion in a folder; a failure is an IOException naming the tool and its last output line. */
final class ExternalCommand {
    private ExternalCommand() {}

    /** Returns what the command printed (stdout and stderr). */
    static String run(List<String> command, Path directory, Duration timeout) throws IOException {
        Path log = Files.createTempFile(directory, "command-", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean done;
            try {
                done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException(command.get(0) + " interrupted", e);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!done) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeout.toMinutes() + " min");
            }
            if (process.exitValue() != 0) {
                List<String> lines = output.strip().lines().toList();
                throw new IOException(String.join(" ", command.subList(0, Math.min(2, command.size())))
                        + " failed (exit " + process.exitValue() + ")"
                        + (lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1)));
            }
            return output;
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Cannot run program")) {
                throw new IOException(command.get(0) + " is not installed", e);
            }
            throw e;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}

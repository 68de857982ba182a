package org.aiworklist.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs dicom3tools' dciodvfy on a file and returns its report lines. */
final class Dciodvfy {
    private static final Path BINARY = Path.of("/usr/bin/dciodvfy");

    private Dciodvfy() {}

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static List<String> run(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(BINARY.toString(), file.toString())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dciodvfy timed out");
        }
        return new String(out, StandardCharsets.ISO_8859_1).lines().toList();
    }
}

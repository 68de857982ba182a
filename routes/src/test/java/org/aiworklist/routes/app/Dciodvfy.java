package org.aiworklist.routes.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** dicom3tools' IOD validator: its "Error" lines, which must be none for anything the node emits. */
final class Dciodvfy {
    private Dciodvfy() {}

    static List<String> errors(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dciodvfy", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().filter(l -> l.startsWith("Error")).toList();
    }
}

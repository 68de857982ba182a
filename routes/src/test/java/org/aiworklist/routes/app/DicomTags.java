package org.aiworklist.routes.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a few top-level tags of a received file with dcmtk's dcmdump, an independent reader. */
final class DicomTags {
    private static final Pattern LINE =
            Pattern.compile("^\\([0-9a-f]{4},[0-9a-f]{4}\\) \\w\\w \\[([^\\]]*)\\].*# +\\d+, \\d+ (\\w+)$");

    private DicomTags() {}

    static Map<String, String> read(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dcmdump", "-q", "+L", "-Un", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Map<String, String> tags = new HashMap<>();
        for (String line : out.lines().toList()) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                tags.putIfAbsent(m.group(2), m.group(1));
            }
        }
        return tags;
    }
}

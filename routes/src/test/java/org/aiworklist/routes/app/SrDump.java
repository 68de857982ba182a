package org.aiworklist.routes.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dcmtk's dsrdump of a received SR (whole values, codes shown) and dcmdump's Referenced SOP Instance UIDs: an
 * independent reader of what the node sent.
 */
final class SrDump {
    private static final Pattern TEXT = Pattern.compile("TEXT:\\(([^,]+),[^)]*\\)=\"(.*)\">$");

    private SrDump() {}

    static List<String> lines(Path sr) throws IOException, InterruptedException {
        return run("dsrdump", "+Pl", "+Pc", sr.toString()).lines().toList();
    }

    /** The values of the TEXT items with the given concept code, in document order. */
    static List<String> texts(Path sr, String codeValue) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (String line : lines(sr)) {
            Matcher m = TEXT.matcher(line.strip());
            if (m.find() && m.group(1).equals(codeValue)) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    /** Every Referenced SOP Instance UID in the file, at any depth (the evidence of an SR without images). */
    static List<String> referencedInstances(Path file) throws IOException, InterruptedException {
        Pattern uid = Pattern.compile("^\\(0008,1155\\) UI \\[([0-9.]+)\\]");
        List<String> out = new ArrayList<>();
        for (String line :
                run("dcmdump", "+P", "0008,1155", "+s", file.toString()).lines().toList()) {
            Matcher m = uid.matcher(line.strip());
            if (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(
                    command[0] + " failed: " + out.lines().findFirst().orElse(""));
        }
        return out;
    }
}

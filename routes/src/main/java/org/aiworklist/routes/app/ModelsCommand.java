package org.aiworklist.routes.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.aiworklist.inference.fetch.InvesaliusBrain;

/**
 * `./aiworklist models fetch invesalius-brain [--config FILE]`: installs a third-party model into the configured
 * models folder. The scratch folder (downloaded package, unpacked files) is removed afterwards.
 */
final class ModelsCommand {
    private ModelsCommand() {}

    static void run(List<String> args, Map<String, String> options) throws IOException {
        if (args.size() != 2 || !"fetch".equals(args.get(0))) {
            throw new IllegalArgumentException("usage: aiworklist models fetch " + InvesaliusBrain.MODEL_ID);
        }
        if (!InvesaliusBrain.MODEL_ID.equals(args.get(1))) {
            throw new IllegalArgumentException(
                    "unknown model '" + args.get(1) + "': models fetch knows " + InvesaliusBrain.MODEL_ID);
        }
        Path models = AiWorklist.config(options).modelsDirectory();
        Path work = Files.createTempDirectory("aiworklist-fetch-");
        try {
            InvesaliusBrain.Installed installed =
                    InvesaliusBrain.fetch(models, work, line -> System.out.println("models: " + line));
            System.out.printf(
                    Locale.ROOT,
                    "installed %s %s (package %.1f MB) as %s with manifest %s%n",
                    InvesaliusBrain.MODEL_ID,
                    installed.packageVersion(),
                    installed.packageBytes() / 1e6,
                    installed.model(),
                    installed.manifest());
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

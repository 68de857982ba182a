package org.aiworklist.inference.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.aiworklist.inference.manifest.ModelFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder where ONNX Runtime's TensorRT provider keeps the engines it built. ONNX Runtime runs a cached engine
 * as it finds it, without relating it to the verified model, so each cache file is recorded with its SHA-256 once
 * built, and before a session is created any cache file that is unrecorded or no longer matches is deleted:
 * TensorRT then rebuilds it from the verified model.
 */
final class EngineCache {
    private static final Logger log = LoggerFactory.getLogger(EngineCache.class);
    private static final String RECORD = "engines.sha256";
    /** What the TensorRT provider writes: engines, their optimisation profiles, the timing cache. */
    private static final List<String> CACHE_SUFFIXES = List.of(".engine", ".profile", ".timing");

    private final Path folder;

    EngineCache(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /** Deletes every cache file that does not match its recorded SHA-256. */
    void verify() throws IOException {
        Files.createDirectories(folder);
        Map<String, String> recorded = recorded();
        for (Path file : cacheFiles()) {
            String name = file.getFileName().toString();
            boolean matches = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && sha256(file).equals(recorded.get(name));
            if (!matches) {
                log.warn(
                        "TensorRT engine cache file {} is not the one recorded when it was built: deleted, "
                                + "TensorRT rebuilds it from the verified model",
                        name);
                Files.delete(file);
            }
        }
    }

    /** Records the SHA-256 of every cache file, after a build; written atomically. */
    void seal() throws IOException {
        StringBuilder record = new StringBuilder();
        for (Path file : cacheFiles()) {
            record.append(sha256(file)).append("  ").append(file.getFileName()).append('\n');
        }
        Path tmp = Files.createTempFile(folder, ".engines-", ".tmp");
        Files.writeString(tmp, record);
        Files.move(tmp, folder.resolve(RECORD), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private List<Path> cacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f ->
                            CACHE_SUFFIXES.stream().anyMatch(f.getFileName().toString()::endsWith))
                    .sorted()
                    .toList();
        }
    }

    /** The sha256sum-style record: file name to hash; empty before the first build. */
    private Map<String, String> recorded() throws IOException {
        Path record = folder.resolve(RECORD);
        if (!Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        try (Stream<String> lines = Files.lines(record)) {
            return lines.map(l -> l.split("  ", 2))
                    .filter(p -> p.length == 2)
                    .collect(Collectors.toMap(p -> p[1], p -> p[0], (a, b) -> a, TreeMap::new));
        }
    }

    private static String sha256(Path file) throws IOException {
        return ModelFile.sha256Of(Files.readAllBytes(file));
    }
}

package org.aiworklist.inference.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The model file a manifest names. It must lie in the manifest's folder once symbolic links are resolved, and it
 * is read once: the bytes whose SHA-256 was checked are the bytes the engine loads, so the file cannot be swapped
 * between the check and the load.
 */
public final class ModelFile {
    private static final String FILE_KEY = "model.file";

    private ModelFile() {}

    /** The real path of {@code file}, named relative to the manifest's folder. */
    static Path resolve(String source, Path manifestFile, String file) throws ManifestException {
        return resolve(source, manifestFile, FILE_KEY, file);
    }

    /** The real path of a file the manifest names under {@code key}, relative to the manifest's folder. */
    static Path resolve(String source, Path manifestFile, String key, String file) throws ManifestException {
        try {
            Path dir = manifestFile.toAbsolutePath().getParent().toRealPath();
            Path named = dir.resolve(file).normalize();
            if (!named.startsWith(dir)) {
                throw new ManifestException(source, key, "must stay inside the manifest's folder");
            }
            Path real = named.toRealPath();
            if (!real.startsWith(dir)) {
                throw new ManifestException(
                        source,
                        key,
                        named.getFileName() + " is a link leading outside the manifest's folder: refusing to load");
            }
            if (!Files.isRegularFile(real)) {
                throw new ManifestException(source, key, named.getFileName() + " is not a regular file");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw new ManifestException(source, key, Path.of(file).getFileName() + " not found next to the manifest");
        } catch (IOException e) {
            throw new ManifestException(source, key, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads the whole file (no link followed: it was resolved already) and checks it against {@code sha256}. */
    static byte[] readVerified(String source, Path file, String sha256) throws ManifestException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ManifestException(
                    source, FILE_KEY, "cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        String actual = sha256Of(bytes);
        if (!actual.equals(sha256)) {
            throw new ManifestException(
                    source,
                    "model.sha256",
                    "does not match " + file.getFileName() + " (file has " + actual + "): refusing to load");
        }
        return bytes;
    }

    /** Lower-case hex SHA-256, the form manifests and the engine cache record use. */
    public static String sha256Of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}

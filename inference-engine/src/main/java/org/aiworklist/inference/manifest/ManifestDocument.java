package org.aiworklist.inference.manifest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A manifest file as a YAML mapping, and the keys every kind of manifest shares: {@code kind} says which model
 * kind it describes (left out: an ONNX detector, {@link ModelManifest}), {@code id} names it.
 */
final class ManifestDocument {
    /** The kind of a manifest that describes a draft-writing model behind an OpenAI-compatible endpoint. */
    static final String GENERATIVE_REPORT = "generative-report";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ManifestDocument() {}

    static ManifestReader read(Path manifestFile) throws ManifestException {
        String source = manifestFile.toString();
        JsonNode root;
        try {
            root = YAML.readTree(manifestFile.toFile());
        } catch (JacksonException e) {
            throw new ManifestException(source, "(document)", "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ManifestException(source, "(file)", "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ManifestException(source, "(document)", "expected a YAML mapping");
        }
        return new ManifestReader(source, root);
    }

    /** True for a generative-report manifest; a manifest without {@code kind} is a detector. */
    static boolean isGenerativeReport(ManifestReader r) throws ManifestException {
        if (!r.has("kind")) {
            return false;
        }
        r.oneOf("kind", Set.of(GENERATIVE_REPORT));
        return true;
    }

    static String id(ManifestReader r) throws ManifestException {
        String id = r.text("id");
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw r.error("id", "'" + id + "' must be lower-case letters, digits, '.', '_' or '-'");
        }
        return id;
    }
}

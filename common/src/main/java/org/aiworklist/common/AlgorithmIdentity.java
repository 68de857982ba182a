package org.aiworklist.common;

import java.util.List;
import java.util.Objects;

/**
 * What the SR's TID 4019 Algorithm Identification, the Contributing Equipment Sequence and the SC banner
 * say about the model that produced a result.
 *
 * @param modelId    the manifest id, stable across versions
 * @param name       human readable algorithm name
 * @param disclaimer text every output must carry, e.g. "synthetic demonstrator, no clinical validity"
 */
public record AlgorithmIdentity(
        String modelId,
        String name,
        String version,
        String manufacturer,
        String sha256,
        String disclaimer,
        List<String> parameters) {
    public AlgorithmIdentity {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(manufacturer, "manufacturer");
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
    }
}

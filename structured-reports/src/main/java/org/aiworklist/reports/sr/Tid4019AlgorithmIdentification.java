package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.HAS_CONCEPT_MOD;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.AlgorithmIdentity;

/** TID 4019 "Algorithm Identification": name and version are mandatory, parameters optional (1-n). */
public final class Tid4019AlgorithmIdentification {
    private final List<ContentItem> items;

    public Tid4019AlgorithmIdentification(String name, String version, List<String> parameters) {
        if (name == null || name.isBlank() || version == null || version.isBlank()) {
            throw new IllegalArgumentException("TID 4019 needs an algorithm name and version");
        }
        List<ContentItem> list = new ArrayList<>();
        list.add(ContentItem.text(HAS_CONCEPT_MOD, Codes.ALGORITHM_NAME, name));
        list.add(ContentItem.text(HAS_CONCEPT_MOD, Codes.ALGORITHM_VERSION, version));
        parameters.stream()
                .filter(p -> !p.isBlank())
                .forEach(p -> list.add(ContentItem.text(HAS_CONCEPT_MOD, Codes.ALGORITHM_PARAMETERS, p)));
        items = List.copyOf(list);
    }

    public static Tid4019AlgorithmIdentification of(AlgorithmIdentity algorithm) {
        return new Tid4019AlgorithmIdentification(algorithm.name(), algorithm.version(), algorithm.parameters());
    }

    public List<ContentItem> items() {
        return items;
    }
}

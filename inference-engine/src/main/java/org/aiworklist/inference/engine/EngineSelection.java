package org.aiworklist.inference.engine;

import java.util.List;
import org.aiworklist.inference.manifest.EngineKind;

/**
 * The engine a model runs on and why.
 *
 * @param skipped preferred engines that were not used, each with its reason (ineligible, or the load failure)
 */
public record EngineSelection(EngineKind kind, List<String> skipped) {
    public EngineSelection {
        skipped = List.copyOf(skipped);
    }

    /** One line for the log and for `./aiworklist engines`. */
    public String reason() {
        return kind + (skipped.isEmpty() ? " (first preference)" : " after " + String.join("; ", skipped));
    }
}

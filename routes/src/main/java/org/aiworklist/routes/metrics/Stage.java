package org.aiworklist.routes.metrics;

import java.util.Locale;

/** The stages of {@code aiworklist_stage_seconds}, in the order a study goes through them. */
public enum Stage {
    /** Last image received to study complete (the assembly rules' waiting). */
    ASSEMBLY,
    /** Job created to inference started. */
    QUEUE,
    /** The inference route: decoding the series and running the model. */
    INFERENCE,
    /** The reports route: writing SR, SC, GSPS and KOS, and queueing the exports. */
    REPORTS,
    /** Results ready to every destination holding them (and committed, where asked). */
    EXPORT;

    /** The value of the {@code stage} label. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

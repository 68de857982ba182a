package org.aiworklist.routes.api;

import java.util.List;

/**
 * What an open page is told changed: the ids of changed jobs, and whether the worklist or the quarantine did. The
 * data of a server-sent event, and of a message between nodes on the broker's events topic; never patient data.
 */
public record LiveChange(List<Long> jobs, boolean worklist, boolean quarantine) {
    public LiveChange {
        jobs = List.copyOf(jobs);
    }
}

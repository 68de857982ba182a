package org.aiworklist.routes.jobs;

import org.slf4j.MDC;

/** The job a stage works on, in the MDC of the thread's log lines (key {@code job}, beside the association's). */
final class JobMdc {
    static final String KEY = "job";

    private JobMdc() {}

    /** Puts the job into the MDC until the returned handle is closed. */
    static MDC.MDCCloseable of(long jobId) {
        return MDC.putCloseable(KEY, String.valueOf(jobId));
    }
}

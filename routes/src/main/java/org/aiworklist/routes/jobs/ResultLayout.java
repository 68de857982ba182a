package org.aiworklist.routes.jobs;

/** Where a job's result objects lie in its result directory. */
final class ResultLayout {
    static final String SR_FILE = "sr.dcm";
    static final String SC_MULTI_FRAME = "sc-multiframe";
    static final String SC_SINGLE_FRAME = "sc-singleframe";
    static final String FINDINGS_FILE = "findings.json";

    private ResultLayout() {
    }
}

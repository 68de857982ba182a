package org.aiworklist.dicom;

import java.util.List;

/** Per-file outcomes of one send, in the order the files were given. */
public record SendReport(List<FileOutcome> outcomes) {
    public SendReport {
        outcomes = List.copyOf(outcomes);
    }

    public boolean allStored() {
        return outcomes.stream().allMatch(o -> o.isSuccess() || o.isWarning());
    }
}

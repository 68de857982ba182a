package org.aiworklist.dicom;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aiworklist.common.audit.AuditEvent;

/**
 * What one association stored, per study: told to the audit trail once, when the association ends, as one "instances
 * stored" message per study (not one per instance). Used by the association's thread only.
 */
final class StudiesStored {
    private final Map<String, Tally> studies = new LinkedHashMap<>();

    /** The study's identity as its first instance gave it, and instances per SOP class. */
    private record Tally(InstanceAttributes first, Map<String, Integer> perSopClass) {}

    void add(InstanceAttributes stored) {
        studies.computeIfAbsent(stored.studyInstanceUid(), uid -> new Tally(stored, new HashMap<>()))
                .perSopClass()
                .merge(stored.sopClassUid(), 1, Integer::sum);
    }

    Iterable<AuditEvent.Study> studies() {
        return studies.values().stream()
                .map(t -> new AuditEvent.Study(
                        t.first().studyInstanceUid(),
                        t.first().patientId(),
                        t.first().patientName(),
                        t.first().accessionNumber(),
                        t.perSopClass()))
                .toList();
    }
}

package org.aiworklist.common.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What happened, in the node's terms; the audit module turns each into a DICOM audit message (PS3.15 A.5.3).
 * Every event knows when it happened: events are written by another thread, later.
 */
public sealed interface AuditEvent {
    Instant at();

    /** A DICOM application entity or HTTP client on the network: its AE title (or user) and its address. */
    record Peer(String id, String host) {
        public Peer {
            id = Objects.requireNonNullElse(id, "");
            host = Objects.requireNonNullElse(host, "");
        }
    }

    /**
     * One study and its patient, as the audit trail names them; instances counted per SOP class UID (may be empty;
     * the key "" counts instances whose classes are not told apart).
     */
    record Study(
            String studyInstanceUid,
            String patientId,
            String patientName,
            String accessionNumber,
            Map<String, Integer> instancesPerSopClass) {
        public Study {
            Objects.requireNonNull(studyInstanceUid, "studyInstanceUid");
            instancesPerSopClass = instancesPerSopClass == null ? Map.of() : Map.copyOf(instancesPerSopClass);
        }

        public static Study of(String studyInstanceUid, String patientId, String patientName) {
            return new Study(studyInstanceUid, patientId, patientName, null, Map.of());
        }
    }

    /** The node started or stopped (PS3.15 A.5.3.1). */
    record ApplicationActivity(Instant at, boolean started, String aeTitle) implements AuditEvent {}

    /** A DICOM association was accepted or rejected (rejected: also a security alert). */
    record Association(Instant at, Peer caller, String calledAeTitle, boolean accepted, String reason)
            implements AuditEvent {}

    /** Instances of one study stored from one association (PS3.15 A.5.3.10, one message per study). */
    record InstancesStored(Instant at, Peer source, String calledAeTitle, Study study) implements AuditEvent {}

    /** Results of one study sent to a destination, or a delivery that failed (PS3.15 A.5.3.10). */
    record InstancesSent(Instant at, String callingAeTitle, Peer destination, Study study, String failure)
            implements AuditEvent {}

    /** A peer refused before it could do anything: a TLS handshake that failed, a forbidden action (A.5.3.11). */
    record SecurityAlert(Instant at, Alert kind, Peer peer, String detail) implements AuditEvent {}

    enum Alert {
        /** A node that could not authenticate: bad or missing certificate. */
        NODE_AUTHENTICATION,
        /** An authenticated user asked for something their role does not allow. */
        RESTRICTED_FUNCTION
    }

    /** A user (or API token) logged in, out, or failed to (PS3.15 A.5.3.12). */
    record UserAuthentication(Instant at, Peer user, boolean login, boolean success, String detail)
            implements AuditEvent {}

    /** An operator changed what the node does with a study's results: resend, complete. */
    record OperatorAction(Instant at, Peer user, String action, String target, List<Study> studies)
            implements AuditEvent {
        public OperatorAction {
            studies = List.copyOf(studies);
        }
    }

    /** A user read patient data: one study's (A.5.3.6) or a list of studies through a query (A.5.3.16). */
    record PatientDataRead(Instant at, Peer user, String resource, List<Study> studies, boolean query)
            implements AuditEvent {
        public PatientDataRead {
            studies = List.copyOf(studies);
        }
    }
}

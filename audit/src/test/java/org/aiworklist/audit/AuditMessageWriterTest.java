package org.aiworklist.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.common.audit.AuditEvent.Peer;
import org.aiworklist.common.audit.AuditEvent.Study;
import org.junit.jupiter.api.Test;

class AuditMessageWriterTest {
    private static final Instant AT = Instant.parse("2026-12-02T01:02:03.456Z");
    private static final Study STUDY = new Study(
            "1.2.3.4",
            "PID-7",
            "Doe^Jane",
            "ACC1",
            Map.of("1.2.840.10008.5.1.4.1.1.2", 3, "1.2.840.10008.5.1.4.1.1.66.4", 1));
    private static final Peer MODALITY = new Peer("CT01", "10.0.0.5");
    private static final Peer USER = new Peer("ward-viewer", "127.0.0.1");

    private final AuditMessageWriter writer = new AuditMessageWriter("node-1");

    /** Every kind of event, each way it can go. */
    private static List<AuditEvent> everyEvent() {
        return List.of(
                new AuditEvent.ApplicationActivity(AT, true, "AIWORKLIST"),
                new AuditEvent.ApplicationActivity(AT, false, "AIWORKLIST"),
                new AuditEvent.Association(AT, MODALITY, "AIWORKLIST", true, null),
                new AuditEvent.Association(AT, MODALITY, "AIWORKLIST", false, "calling AE title not recognised"),
                new AuditEvent.InstancesStored(AT, MODALITY, "AIWORKLIST", STUDY),
                new AuditEvent.InstancesSent(AT, "AIWORKLIST", new Peer("PACS", "10.0.0.9"), STUDY, null),
                new AuditEvent.InstancesSent(AT, "AIWORKLIST", new Peer("PACS", "pacs.example"), STUDY, "refused"),
                new AuditEvent.SecurityAlert(
                        AT, AuditEvent.Alert.NODE_AUTHENTICATION, new Peer("", "10.0.0.6"), "certificate expired"),
                new AuditEvent.SecurityAlert(AT, AuditEvent.Alert.RESTRICTED_FUNCTION, USER, "needs operator"),
                new AuditEvent.UserAuthentication(AT, USER, true, true, null),
                new AuditEvent.UserAuthentication(AT, new Peer("", "127.0.0.1"), true, false, "unknown API token"),
                new AuditEvent.UserAuthentication(AT, USER, false, true, null),
                new AuditEvent.OperatorAction(AT, USER, "RESEND", "job 7", List.of(STUDY)),
                new AuditEvent.OperatorAction(AT, USER, "RESEND-FAILED", "PACS", List.of()),
                new AuditEvent.PatientDataRead(AT, USER, "/api/studies/1.2.3.4", List.of(STUDY), false),
                new AuditEvent.PatientDataRead(AT, USER, "/api/worklist?status=DONE", List.of(STUDY, STUDY), true),
                new AuditEvent.PatientDataRead(AT, USER, "/api/worklist", List.of(), true));
    }

    @Test
    void everyMessageIsValidAgainstTheDicomAuditSchema() {
        for (AuditEvent event : everyEvent()) {
            String xml = writer.write(event);
            assertEquals(List.of(), AuditSchema.problems(xml), event + "\n" + xml);
            assertFalse(xml.contains("\n"), "one line: " + xml);
        }
    }

    @Test
    void theSchemaRefusesAMessageMissingWhatItRequires() {
        String valid = writer.write(everyEvent().get(0));
        String noSource = valid.replaceAll("<AuditSourceIdentification.*</AuditSourceIdentification>", "");
        assertFalse(AuditSchema.problems(noSource).isEmpty(), noSource);
        String badOutcome = valid.replace("EventOutcomeIndicator=\"0\"", "EventOutcomeIndicator=\"3\"");
        assertFalse(AuditSchema.problems(badOutcome).isEmpty(), badOutcome);
    }

    @Test
    void storedInstancesNameTheStudyItsCountsAndThePatient() {
        String xml = writer.write(new AuditEvent.InstancesStored(AT, MODALITY, "AIWORKLIST", STUDY));
        assertTrue(xml.contains("csd-code=\"110104\""), xml);
        assertTrue(xml.contains("EventActionCode=\"C\""), xml);
        assertTrue(xml.contains("ParticipantObjectID=\"1.2.3.4\""), xml);
        assertTrue(xml.contains("UID=\"1.2.840.10008.5.1.4.1.1.2\" NumberOfInstances=\"3\""), xml);
        assertTrue(xml.contains("ParticipantObjectID=\"PID-7\""), xml);
        assertTrue(xml.contains("<ParticipantObjectName>Doe^Jane</ParticipantObjectName>"), xml);
        assertTrue(xml.contains("UserID=\"CT01\" UserIsRequestor=\"true\" NetworkAccessPointID=\"10.0.0.5\""), xml);
        assertTrue(xml.contains("EventDateTime=\"2026-12-02T01:02:03.456Z\""), xml);
    }

    @Test
    void textFromPeersCannotBreakTheMessage() {
        Study hostile = Study.of("1.2.3", "<x>&\"'", "Evil\u0001\nName</ParticipantObjectName>");
        String xml = writer.write(new AuditEvent.InstancesStored(AT, new Peer("A\"B<", "h"), "AIWORKLIST", hostile));
        assertEquals(List.of(), AuditSchema.problems(xml), xml);
        assertFalse(xml.contains("\n"), xml);
        assertTrue(xml.contains("Evil? Name&lt;/ParticipantObjectName"), xml);
    }
}

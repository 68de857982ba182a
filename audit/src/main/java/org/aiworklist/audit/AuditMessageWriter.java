package org.aiworklist.audit;

import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.common.audit.AuditEvent.Peer;
import org.aiworklist.common.audit.AuditEvent.Study;

/**
 * Turns an {@link AuditEvent} into a DICOM audit message (PS3.15 A.5, the schema of A.5.1; the events of A.5.3):
 * one line of XML, no declaration, ready for a syslog message or a line of the audit file.
 */
final class AuditMessageWriter {
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private final String sourceId;
    private final String localHost;

    /** @param sourceId the node's device name, AuditSourceID of every message */
    AuditMessageWriter(String sourceId) {
        this.sourceId = sourceId;
        this.localHost = localHostName();
    }

    String write(AuditEvent event) {
        StringWriter out = new StringWriter(1024);
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(out);
            new Message(xml).write(event);
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("audit message not written", e);
        }
        return out.toString();
    }

    /** One message being written. */
    private final class Message {
        private final XMLStreamWriter xml;

        Message(XMLStreamWriter xml) {
            this.xml = xml;
        }

        void write(AuditEvent event) throws XMLStreamException {
            xml.writeStartElement("AuditMessage");
            if (event instanceof AuditEvent.ApplicationActivity e) {
                applicationActivity(e);
            } else if (event instanceof AuditEvent.Association e) {
                association(e);
            } else if (event instanceof AuditEvent.InstancesStored e) {
                instancesStored(e);
            } else if (event instanceof AuditEvent.InstancesSent e) {
                instancesSent(e);
            } else if (event instanceof AuditEvent.SecurityAlert e) {
                securityAlert(e);
            } else if (event instanceof AuditEvent.UserAuthentication e) {
                userAuthentication(e);
            } else if (event instanceof AuditEvent.OperatorAction e) {
                operatorAction(e);
            } else if (event instanceof AuditEvent.PatientDataRead e) {
                patientDataRead(e);
            } else {
                throw new IllegalArgumentException(
                        "no audit message for " + event.getClass().getSimpleName());
            }
            xml.writeEndElement();
        }

        private void applicationActivity(AuditEvent.ApplicationActivity e) throws XMLStreamException {
            event(
                    e.at(),
                    "E",
                    0,
                    null,
                    Code.APPLICATION_ACTIVITY,
                    e.started() ? Code.APPLICATION_START : Code.APPLICATION_STOP);
            participant(
                    e.aeTitle(),
                    String.valueOf(ProcessHandle.current().pid()),
                    false,
                    new Peer(e.aeTitle(), localHost),
                    Code.APPLICATION);
            source();
        }

        /** Accepted: the caller logged in as a node (A.5.3.12). Rejected: a node authentication alert (A.5.3.11). */
        private void association(AuditEvent.Association e) throws XMLStreamException {
            if (e.accepted()) {
                event(e.at(), "E", 0, null, Code.USER_AUTHENTICATION, Code.LOGIN);
            } else {
                event(
                        e.at(),
                        "E",
                        4,
                        "association rejected: " + e.reason(),
                        Code.SECURITY_ALERT,
                        Code.NODE_AUTHENTICATION);
            }
            participant(e.caller().id(), null, true, e.caller(), null);
            participant(e.calledAeTitle(), null, false, new Peer(e.calledAeTitle(), localHost), null);
            source();
            if (!e.accepted()) {
                alertSubject(e.caller());
            }
        }

        private void instancesStored(AuditEvent.InstancesStored e) throws XMLStreamException {
            event(e.at(), "C", 0, null, Code.INSTANCES_TRANSFERRED);
            participant(e.source().id(), null, true, e.source(), Code.SOURCE);
            participant(e.calledAeTitle(), null, false, new Peer(e.calledAeTitle(), localHost), Code.DESTINATION);
            source();
            study(e.study(), true);
        }

        private void instancesSent(AuditEvent.InstancesSent e) throws XMLStreamException {
            event(e.at(), "R", e.failure() == null ? 0 : 4, e.failure(), Code.INSTANCES_TRANSFERRED);
            participant(e.callingAeTitle(), null, true, new Peer(e.callingAeTitle(), localHost), Code.SOURCE);
            participant(e.destination().id(), null, false, e.destination(), Code.DESTINATION);
            source();
            study(e.study(), true);
        }

        private void securityAlert(AuditEvent.SecurityAlert e) throws XMLStreamException {
            Code type =
                    switch (e.kind()) {
                        case NODE_AUTHENTICATION -> Code.NODE_AUTHENTICATION;
                        case RESTRICTED_FUNCTION -> Code.RESTRICTED_FUNCTION;
                    };
            event(e.at(), "E", 4, e.detail(), Code.SECURITY_ALERT, type);
            participant(e.peer().id(), null, true, e.peer(), null);
            participant(sourceId, null, false, new Peer(sourceId, localHost), null);
            source();
            alertSubject(e.peer());
        }

        private void userAuthentication(AuditEvent.UserAuthentication e) throws XMLStreamException {
            event(
                    e.at(),
                    "E",
                    e.success() ? 0 : 4,
                    e.detail(),
                    Code.USER_AUTHENTICATION,
                    e.login() ? Code.LOGIN : Code.LOGOUT);
            participant(e.user().id(), null, true, e.user(), null);
            participant(sourceId, null, false, new Peer(sourceId, localHost), null);
            source();
        }

        private void operatorAction(AuditEvent.OperatorAction e) throws XMLStreamException {
            event(
                    e.at(),
                    "U",
                    0,
                    null,
                    Code.INSTANCES_ACCESSED,
                    Code.local(e.action(), "Operator action " + e.action()));
            participant(e.user().id(), null, true, e.user(), null);
            participant(sourceId, null, false, new Peer(sourceId, localHost), null);
            source();
            if (e.studies().isEmpty()) {
                object(e.target(), Code.DESTINATION_NAME, "2", "16", e.target(), null);
            }
            for (Study study : e.studies()) {
                study(study, false);
            }
        }

        /** One study read: DICOM Instances Accessed (A.5.3.6); a list: Query (A.5.3.16) and what it returned. */
        private void patientDataRead(AuditEvent.PatientDataRead e) throws XMLStreamException {
            if (e.query()) {
                event(e.at(), "E", 0, null, Code.QUERY);
            } else {
                event(e.at(), "R", 0, null, Code.INSTANCES_ACCESSED);
            }
            participant(e.user().id(), null, true, e.user(), null);
            participant(sourceId, null, false, new Peer(sourceId, localHost), null);
            source();
            if (e.query()) {
                object(e.resource(), Code.API_RESOURCE, "2", "24", null, e.resource());
            }
            for (Study study : e.studies()) {
                study(study, false);
            }
        }

        private void event(Instant at, String action, int outcome, String description, Code id, Code... types)
                throws XMLStreamException {
            xml.writeStartElement("EventIdentification");
            xml.writeAttribute("EventActionCode", action);
            xml.writeAttribute("EventDateTime", DateTimeFormatter.ISO_INSTANT.format(at));
            xml.writeAttribute("EventOutcomeIndicator", Integer.toString(outcome));
            code("EventID", id);
            for (Code type : types) {
                code("EventTypeCode", type);
            }
            if (description != null) {
                xml.writeStartElement("EventOutcomeDescription");
                xml.writeCharacters(XmlText.clean(description));
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }

        private void participant(String userId, String alternativeId, boolean requestor, Peer at, Code role)
                throws XMLStreamException {
            xml.writeStartElement("ActiveParticipant");
            xml.writeAttribute("UserID", XmlText.clean(userId));
            if (alternativeId != null) {
                xml.writeAttribute("AlternativeUserID", alternativeId);
            }
            xml.writeAttribute("UserIsRequestor", Boolean.toString(requestor));
            if (!at.host().isEmpty()) {
                xml.writeAttribute("NetworkAccessPointID", XmlText.clean(at.host()));
                xml.writeAttribute("NetworkAccessPointTypeCode", isAddress(at.host()) ? "2" : "1");
            }
            if (role != null) {
                code("RoleIDCode", role);
            }
            xml.writeEndElement();
        }

        private void source() throws XMLStreamException {
            xml.writeStartElement("AuditSourceIdentification");
            xml.writeAttribute("AuditSourceID", XmlText.clean(sourceId));
            xml.writeEmptyElement("AuditSourceTypeCode");
            xml.writeAttribute("csd-code", "4"); // application server process
            xml.writeEndElement();
        }

        /** The study (with per-SOP-class counts when {@code counted}) and its patient. */
        private void study(Study study, boolean counted) throws XMLStreamException {
            xml.writeStartElement("ParticipantObjectIdentification");
            xml.writeAttribute("ParticipantObjectID", XmlText.clean(study.studyInstanceUid()));
            xml.writeAttribute("ParticipantObjectTypeCode", "2");
            xml.writeAttribute("ParticipantObjectTypeCodeRole", "3");
            code("ParticipantObjectIDTypeCode", Code.STUDY_INSTANCE_UID);
            text("ParticipantObjectName", study.studyInstanceUid());
            boolean accession =
                    study.accessionNumber() != null && !study.accessionNumber().isBlank();
            if (accession || (counted && !study.instancesPerSopClass().isEmpty())) {
                xml.writeStartElement("ParticipantObjectDescription");
                if (accession) {
                    xml.writeEmptyElement("Accession");
                    xml.writeAttribute("Number", XmlText.clean(study.accessionNumber()));
                }
                if (counted) {
                    for (Map.Entry<String, Integer> sopClass :
                            study.instancesPerSopClass().entrySet()) {
                        xml.writeEmptyElement("SOPClass");
                        if (!sopClass.getKey().isEmpty()) { // "": instances whose classes are not told apart
                            xml.writeAttribute("UID", XmlText.clean(sopClass.getKey()));
                        }
                        xml.writeAttribute("NumberOfInstances", Integer.toString(sopClass.getValue()));
                    }
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            object(
                    study.patientId() == null ? "" : study.patientId(),
                    Code.PATIENT_NUMBER,
                    "1",
                    "1",
                    study.patientName() == null ? "" : study.patientName(),
                    null);
        }

        /** A node the alert is about, by address, named by its AE title when it gave one. */
        private void alertSubject(Peer peer) throws XMLStreamException {
            object(peer.host(), Code.NODE_ID, "2", "13", peer.id().isEmpty() ? peer.host() : peer.id(), null);
        }

        /** A participant object with either a name or, when {@code query} is given, that query (base64). */
        private void object(String id, Code idType, String type, String role, String name, String query)
                throws XMLStreamException {
            xml.writeStartElement("ParticipantObjectIdentification");
            xml.writeAttribute("ParticipantObjectID", XmlText.clean(id));
            xml.writeAttribute("ParticipantObjectTypeCode", type);
            xml.writeAttribute("ParticipantObjectTypeCodeRole", role);
            code("ParticipantObjectIDTypeCode", idType);
            if (query != null) {
                xml.writeStartElement("ParticipantObjectQuery");
                xml.writeCharacters(Base64.getEncoder().encodeToString(query.getBytes(StandardCharsets.UTF_8)));
                xml.writeEndElement();
            } else {
                text("ParticipantObjectName", name);
            }
            xml.writeEndElement();
        }

        private void code(String element, Code code) throws XMLStreamException {
            xml.writeEmptyElement(element);
            xml.writeAttribute("csd-code", code.value());
            xml.writeAttribute("codeSystemName", code.system());
            xml.writeAttribute("originalText", code.meaning());
        }

        private void text(String element, String value) throws XMLStreamException {
            xml.writeStartElement(element);
            xml.writeCharacters(XmlText.clean(value));
            xml.writeEndElement();
        }
    }

    private static boolean isAddress(String host) {
        return host.chars().allMatch(c -> Character.isDigit(c) || c == '.') || host.indexOf(':') >= 0;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.aiworklist.audit.AuditSchema;
import org.aiworklist.audit.Rsyslog;
import org.aiworklist.dicom.TestCertificates;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The node's audit trail into a real syslog receiver (rsyslogd over TLS, RFC 5425, both sides with certificates): a
 * study's flow (C-STORE from dcmtk storescu, inference, export to dcmtk storescp), API calls, a rejected caller, a
 * certificate from another authority and a bad token each produce their DICOM audit messages, every one valid
 * against the DICOM audit schema; the audit file holds the same messages; the application log holds none of the
 * patient data the messages carry.
 */
class AuditTrailIT {
    private static final String PACS_AE = "AUDITPACS";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aStudysFlowAndEverySecurityEventReachSyslogAsValidAuditMessages() throws Exception {
        TestCertificates certificates = new TestCertificates(dir.resolve("pki"));
        TestCertificates.Authority hospital = certificates.authority("hospital-ca");
        TestCertificates.Identity nodeIdentity = certificates.issue(hospital, "node");
        TestCertificates.Identity syslogIdentity = certificates.issue(hospital, "audit-repository");
        TestCertificates.Identity stranger = certificates.issue(certificates.authority("other-ca"), "stranger");
        String viewer = randomToken();
        String operator = randomToken();

        int pacsPort = NodeHarness.freePort();
        NodeHarness harness = new NodeHarness(dir, PACS_AE, pacsPort);
        SyntheticStudy study = harness.study(151_515);
        Path yaml = Files.writeString(
                dir.resolve("aiworklist.yaml"),
                Files.readString(Path.of("../conf/aiworklist.yaml"))
                        .replace("  corsOrigins: []\n", """
                                  corsOrigins: []
                                  tokens:
                                    - {name: ward-display, role: viewer, sha256: %s}
                                    - {name: pacs-admin, role: operator, sha256: %s}
                                """.formatted(sha256(viewer), sha256(operator))));
        harness.token = operator;
        harness.env.put("AIWORKLIST_DEVICE_TLS_PORT", "0");
        harness.env.put(
                "AIWORKLIST_DEVICE_TLS_CERTIFICATE", nodeIdentity.certificate().toString());
        harness.env.put(
                "AIWORKLIST_DEVICE_TLS_PRIVATEKEY", nodeIdentity.privateKey().toString());
        harness.env.put(
                "AIWORKLIST_DEVICE_TLS_TRUSTEDCERTIFICATES",
                hospital.certificate().toString());

        LogCapture logs = LogCapture.start();
        Process pacs = NodeHarness.dcmtk(
                "storescp",
                "-aet",
                PACS_AE,
                "-od",
                Files.createDirectories(dir.resolve("pacs")).toString(),
                String.valueOf(pacsPort));
        try (Rsyslog rsyslog = new Rsyslog(
                dir.resolve("rsyslog"),
                syslogIdentity.certificate(),
                syslogIdentity.privateKey(),
                hospital.certificate())) {
            harness.env.put("AIWORKLIST_AUDIT_SYSLOG_HOST", "127.0.0.1");
            harness.env.put("AIWORKLIST_AUDIT_SYSLOG_PORT", String.valueOf(rsyslog.tlsPort));
            harness.env.put("AIWORKLIST_AUDIT_SYSLOG_TRANSPORT", "tls");
            NodeConfiguration config = ConfigurationLoader.load(yaml, harness.env);
            long jobId;
            try (NodeApplication node = new NodeApplication(config)) {
                node.start();
                JsonNode job = harness.sendAndAwaitOutcome(study, node.dicomPort());
                assertEquals("DONE", job.path("state").asText(), job.toString());
                jobId = job.path("id").asLong();
                String uid = study.studyInstanceUid();

                assertEquals(
                        200,
                        call(harness, "GET", "/api/worklist?limit=5", viewer).statusCode());
                assertEquals(
                        200, call(harness, "GET", "/api/studies/" + uid, viewer).statusCode());
                assertEquals(
                        403,
                        call(harness, "POST", "/api/jobs/" + jobId + "/resend", viewer)
                                .statusCode());
                assertEquals(
                        200,
                        call(harness, "POST", "/api/jobs/" + jobId + "/resend", operator)
                                .statusCode());
                awaitSentTwice(dir.resolve("audit/audit.log")); // the resend is delivered by the export timer
                assertEquals(
                        401, call(harness, "GET", "/api/jobs", randomToken()).statusCode());
                assertNotEquals(
                        0,
                        echo("WRONG_CALLED_AE", node.dicomPort()),
                        "a caller asking for another AE title is rejected");
                assertNotEquals(0, echoOverTls(stranger, hospital, node.dicomTlsPort()), "another authority's");
            }
            List<Audited> received = rsyslog
                    .awaitTls(
                            messages -> messages.stream().anyMatch(m -> m.contains("csd-code=\"110121\"")),
                            Duration.ofSeconds(30))
                    .stream()
                    .map(Audited::parse)
                    .toList();

            for (Audited message : received) {
                assertEquals(List.of(), AuditSchema.problems(message.xml()), message.xml());
            }
            assertEquals(
                    Files.readAllLines(dir.resolve("audit/audit.log"), StandardCharsets.UTF_8),
                    received.stream().map(Audited::xml).toList(),
                    "the audit file and syslog hold the same messages");

            String uid = study.studyInstanceUid();
            assertEquals(1, count(received, "110100", "110120"), "application start");
            assertEquals(1, count(received, "110100", "110121"), "application stop");
            List<Audited> stored = received.stream()
                    .filter(m -> m.is("110104") && m.action().equals("C"))
                    .toList();
            assertEquals(1, stored.size(), "one stored message for the study's one association: " + stored);
            assertTrue(stored.get(0).objects().contains(uid), stored.get(0).xml());
            assertEquals(
                    60,
                    stored.get(0).instances(),
                    "the study's 60 slices counted: " + stored.get(0).xml());
            assertTrue(stored.get(0).xml().contains("UserID=\"" + NodeHarness.MODALITY_AE + "\""));
            assertTrue(stored.get(0).xml().contains(study.patientName()), "the patient is named, by design");
            List<Audited> sent = received.stream()
                    .filter(m -> m.is("110104") && m.action().equals("R"))
                    .toList();
            assertTrue(sent.size() >= 2, "results sent, then sent again on the operator's resend: " + sent);
            assertTrue(sent.stream()
                    .allMatch(m -> m.outcome().equals("0") && m.objects().contains(uid)));
            assertTrue(
                    sent.get(0).xml().contains("UserID=\"" + PACS_AE + "\""),
                    sent.get(0).xml());

            assertTrue(
                    received.stream()
                            .anyMatch(m -> m.is("110114", "110122")
                                    && m.outcome().equals("0")
                                    && m.xml().contains("UserID=\"" + NodeHarness.MODALITY_AE + "\"")),
                    "the modality's association accepted");
            assertTrue(
                    received.stream()
                            .anyMatch(m -> m.is("110113", "110126")
                                    && m.xml().contains("association rejected")
                                    && m.xml().contains("UserID=\"" + NodeHarness.MODALITY_AE + "\"")),
                    "the rejected caller, a security alert");
            assertTrue(
                    received.stream()
                            .anyMatch(m -> m.is("110113", "110126") && m.xml().contains("TLS handshake refused")),
                    "the certificate from another authority, a security alert");
            assertTrue(
                    received.stream()
                            .anyMatch(m -> m.is("110114", "110122")
                                    && m.outcome().equals("4")
                                    && m.xml().contains("unknown API token")),
                    "the bad token, a failed login");
            assertTrue(
                    received.stream()
                            .anyMatch(m -> m.is("110113", "110132") && m.xml().contains("UserID=\"ward-display\"")),
                    "the viewer's resend, a use of a restricted function");
            assertTrue(
                    received.stream()
                            .anyMatch(m -> m.is("110114", "110122")
                                    && m.outcome().equals("0")
                                    && m.xml().contains("UserID=\"pacs-admin\"")),
                    "the operator token's first use, a login");
            assertTrue(
                    received.stream()
                            .anyMatch(m -> m.is("110103")
                                    && m.action().equals("U")
                                    && m.xml().contains("csd-code=\"RESEND\"")
                                    && m.objects().contains(uid)
                                    && m.xml().contains("UserID=\"pacs-admin\"")),
                    "the operator's resend");
            assertTrue(
                    received.stream().anyMatch(m -> m.is("110112") && m.xml().contains("UserID=\"ward-display\"")),
                    "the worklist read, a query");
            assertTrue(
                    received.stream()
                            .anyMatch(m -> m.is("110103")
                                    && m.action().equals("R")
                                    && m.objects().contains(uid)),
                    "the study read");
        } finally {
            logs.stop();
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }
        for (String phi : List.of(study.patientName(), study.studyInstanceUid())) {
            assertEquals(List.of(), logs.linesContaining(phi), "patient data in the application log: " + phi);
        }
    }

    /** One received message and what the assertions look at. */
    private record Audited(
            String xml,
            String eventId,
            List<String> types,
            String action,
            String outcome,
            List<String> objects,
            int instances) {
        boolean is(String id, String... type) {
            return eventId.equals(id) && types.containsAll(List.of(type));
        }

        static Audited parse(String xml) {
            try {
                Document d = DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(new InputSource(new StringReader(xml)));
                Element event =
                        (Element) d.getElementsByTagName("EventIdentification").item(0);
                Element id = (Element) d.getElementsByTagName("EventID").item(0);
                return new Audited(
                        xml,
                        id.getAttribute("csd-code"),
                        attributes(d.getElementsByTagName("EventTypeCode"), "csd-code"),
                        event.getAttribute("EventActionCode"),
                        event.getAttribute("EventOutcomeIndicator"),
                        attributes(d.getElementsByTagName("ParticipantObjectIdentification"), "ParticipantObjectID"),
                        attributes(d.getElementsByTagName("SOPClass"), "NumberOfInstances").stream()
                                .mapToInt(Integer::parseInt)
                                .sum());
            } catch (Exception e) {
                throw new AssertionError("not XML: " + xml, e);
            }
        }

        private static List<String> attributes(NodeList elements, String name) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < elements.getLength(); i++) {
                values.add(((Element) elements.item(i)).getAttribute(name));
            }
            return values;
        }
    }

    /** Waits, 60 s at most, until the audit file records two deliveries (the first and the resend). */
    private static void awaitSentTwice(Path auditFile) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end
                && Files.readAllLines(auditFile, StandardCharsets.UTF_8).stream()
                                .filter(m -> m.contains("csd-code=\"110104\"") && m.contains("EventActionCode=\"R\""))
                                .count()
                        < 2) {
            Thread.sleep(200);
        }
    }

    private static long count(List<Audited> messages, String id, String type) {
        return messages.stream().filter(m -> m.is(id, type)).count();
    }

    private static HttpResponse<String> call(NodeHarness harness, String method, String path, String token)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + harness.httpPort + path))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int echo(String calledAe, int port) throws Exception {
        return finish(NodeHarness.dcmtk(
                "echoscu", "-aet", NodeHarness.MODALITY_AE, "-aec", calledAe, "127.0.0.1", String.valueOf(port)));
    }

    private static int echoOverTls(TestCertificates.Identity caller, TestCertificates.Authority trusted, int port)
            throws Exception {
        return finish(NodeHarness.dcmtk(
                "echoscu",
                "-aet",
                NodeHarness.MODALITY_AE,
                "-aec",
                "AIWORKLIST",
                "+tls",
                caller.privateKey().toString(),
                caller.certificate().toString(),
                "+cf",
                trusted.certificate().toString(),
                "127.0.0.1",
                String.valueOf(port)));
    }

    private static int finish(Process p) throws Exception {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(p.info().command().orElse("dcmtk") + " did not finish");
        }
        return p.exitValue();
    }

    private static String randomToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}

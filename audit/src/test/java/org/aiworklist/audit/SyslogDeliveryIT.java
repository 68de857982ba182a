package org.aiworklist.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.dicom.DicomTls;
import org.aiworklist.dicom.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit trail into a real rsyslogd: over TLS (RFC 5425) and UDP (RFC 5426), and through a syslog outage. */
class SyslogDeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;

    private static TestCertificates.Identity server;
    private static TestCertificates.Identity client;
    private static TestCertificates.Authority authority;

    @BeforeAll
    static void certificates() throws Exception {
        TestCertificates certificates = new TestCertificates(dir.resolve("pki"));
        authority = certificates.authority("audit-ca");
        server = certificates.issue(authority, "syslog");
        client = certificates.issue(authority, "node");
    }

    private static Rsyslog rsyslog(String name) throws Exception {
        return new Rsyslog(dir.resolve(name), server.certificate(), server.privateKey(), authority.certificate());
    }

    private static SyslogTransport tls(Rsyslog receiver) {
        DicomTls identity = DicomTls.fromPem(client.certificate(), client.privateKey(), authority.certificate(), true);
        return SyslogTransport.tls(() -> identity.connect("127.0.0.1", receiver.tlsPort, 5000));
    }

    private static AuditEvent started(int i) {
        return new AuditEvent.ApplicationActivity(Instant.now(), true, "AE" + i);
    }

    private static AuditLog.Settings settings(Path file, SyslogTransport syslog) {
        return new AuditLog.Settings(file, 1 << 20, 3, syslog, 1000, 1000);
    }

    @Test
    void tlsAndUdpReceiversGetEveryMessageTheFileGets() throws Exception {
        try (Rsyslog receiver = rsyslog("both")) {
            Path tlsFile = dir.resolve("both/node-tls/audit.log");
            Path udpFile = dir.resolve("both/node-udp/audit.log");
            try (AuditLog overTls = new AuditLog("node-1", settings(tlsFile, tls(receiver)));
                    AuditLog overUdp = new AuditLog(
                            "node-1", settings(udpFile, SyslogTransport.udp("127.0.0.1", receiver.udpPort)))) {
                for (int i = 0; i < 20; i++) {
                    overTls.record(started(i));
                    overUdp.record(started(i));
                }
            }
            List<String> viaTls = receiver.awaitTls(m -> m.size() >= 20, WAIT);
            List<String> viaUdp = receiver.awaitUdp(m -> m.size() >= 20, WAIT);
            assertEquals(Files.readAllLines(tlsFile, StandardCharsets.UTF_8), viaTls);
            assertEquals(Files.readAllLines(udpFile, StandardCharsets.UTF_8), viaUdp);
            for (String xml : viaTls) {
                assertEquals(List.of(), AuditSchema.problems(xml), xml);
            }
            assertTrue(viaTls.get(19).contains("UserID=\"AE19\""), viaTls.get(19));
        }
    }

    @Test
    void aSyslogOutageLosesNothingAndTheFileKeepsEverything() throws Exception {
        try (Rsyslog receiver = rsyslog("outage")) {
            Path file = dir.resolve("outage/node/audit.log");
            try (AuditLog audit = new AuditLog("node-1", settings(file, tls(receiver)))) {
                audit.record(started(0));
                receiver.awaitTls(m -> m.size() == 1, WAIT);
                receiver.stop();
                for (int i = 1; i <= 10; i++) {
                    audit.record(started(i));
                }
                awaitLines(file, 11);
                receiver.start();
                List<String> received = receiver.awaitTls(m -> m.size() >= 11, Duration.ofSeconds(60));
                assertEquals(Files.readAllLines(file, StandardCharsets.UTF_8), received);
                assertEquals(0, audit.syslogDropped());
                assertEquals(0, audit.dropped());
            }
        }
    }

    @Test
    void whatIsRecordedJustBeforeCloseStillReachesSyslog() throws Exception {
        // a node records its stop and closes the trail at once: the sender must not quit while the writer still
        // has events to write (it did, when it found syslog's queue empty for a moment)
        try (Rsyslog receiver = rsyslog("last")) {
            Path file = dir.resolve("last/node/audit.log");
            try (AuditLog audit = new AuditLog("node-1", settings(file, tls(receiver)))) {
                for (int i = 0; i < 500; i++) {
                    audit.record(started(i));
                }
            }
            assertEquals(500, Files.readAllLines(file).size());
            assertEquals(500, receiver.awaitTls(m -> m.size() >= 500, WAIT).size());
        }
    }

    @Test
    void aFullBacklogCountsWhatSyslogMissedWhileTheFileHasAll() throws Exception {
        Path file = dir.resolve("nowhere/audit.log");
        // nothing listens: every message waits in a backlog of 5, older ones give way
        SyslogTransport down = tlsToNowhere();
        try (AuditLog audit = new AuditLog("node-1", new AuditLog.Settings(file, 1 << 20, 3, down, 100, 5))) {
            for (int i = 0; i < 30; i++) {
                audit.record(started(i));
            }
            awaitLines(file, 30);
            assertTrue(audit.syslogDropped() >= 24, "dropped " + audit.syslogDropped());
            assertEquals(0, audit.dropped());
        }
    }

    private static SyslogTransport tlsToNowhere() {
        return SyslogTransport.tls(() -> {
            throw new java.net.ConnectException("connection refused (test)");
        });
    }

    private static void awaitLines(Path file, int n) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end
                && (!Files.exists(file) || Files.readAllLines(file).size() < n)) {
            Thread.sleep(50);
        }
        assertEquals(n, Files.readAllLines(file).size());
    }
}

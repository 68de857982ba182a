package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.aiworklist.common.FreePorts;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.common.audit.AuditTrail;
import org.aiworklist.dicom.TestCertificates.Authority;
import org.aiworklist.dicom.TestCertificates.Identity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** DICOM TLS with real peers: dcmtk's echoscu, storescu and storescp with +tls, certificates made by keytool. */
class DicomTlsIT {
    @TempDir
    Path dir;

    private TestCertificates certificates;
    private Authority hospital;
    private Identity node;

    @BeforeEach
    void certificates() throws Exception {
        certificates = new TestCertificates(dir.resolve("pki"));
        hospital = certificates.authority("hospital-ca");
        node = certificates.issue(hospital, "node");
    }

    @Test
    void callerWithATrustedCertificateEchoesAndStoresOverTls() throws Exception {
        Identity modality = certificates.issue(hospital, "modality");
        List<Path> files = TestSeries.write(dir.resolve("ct"), 3, 32).files();
        try (TlsScp scp = new TlsScp(true)) {
            Dcmtk.Result echo = echo(modality, scp.port());
            assertEquals(0, echo.exitCode(), echo.output());
            Dcmtk.Result store = Dcmtk.storescu(scp.port(), ScpFixture.AE, "MODALITY", tlsOptions(modality), files);
            assertEquals(0, store.exitCode(), store.output());
            assertEquals(3, scp.accepted().size());
            Dcmtk.Result plain = Dcmtk.run("echoscu", "-aec", ScpFixture.AE, "127.0.0.1", Integer.toString(scp.port()));
            assertNotEquals(0, plain.exitCode(), "plain DICOM on the TLS port: " + plain.output());
        }
    }

    @Test
    void untrustedExpiredOrMissingClientCertificatesAreRefusedAndTheNodeCarriesOn() throws Exception {
        Identity stranger = certificates.issue(certificates.authority("other-ca"), "stranger");
        Identity expired = certificates.expired(hospital, "expired");
        Identity modality = certificates.issue(hospital, "modality");
        List<Path> files = TestSeries.write(dir.resolve("ct"), 1, 32).files();
        try (TlsScp scp = new TlsScp(true)) {
            for (Identity refused : List.of(stranger, expired)) {
                Dcmtk.Result store = Dcmtk.storescu(scp.port(), ScpFixture.AE, "MODALITY", tlsOptions(refused), files);
                assertNotEquals(0, store.exitCode(), refused.certificate() + ": " + store.output());
            }
            List<String> anonymous = new ArrayList<>(
                    List.of("+tla", "+cf", hospital.certificate().toString()));
            Dcmtk.Result noCertificate = Dcmtk.storescu(scp.port(), ScpFixture.AE, "MODALITY", anonymous, files);
            assertNotEquals(0, noCertificate.exitCode(), noCertificate.output());
            assertEquals(0, scp.accepted().size(), "nothing stored from a refused caller");
            Dcmtk.Result trusted = echo(modality, scp.port());
            assertEquals(0, trusted.exitCode(), "the node carries on: " + trusted.output());
        }
    }

    /**
     * Certificates from the same trusted authority, one bound to the source's AE title by subject, one to another
     * source by a subjectAltName DNS name: only those store; another certificate, and the plain port, are rejected
     * (calling AE title not recognised), logged and audited.
     */
    @Test
    void aSourceBoundToACertificateStoresOnlyWithThatCertificateAndOnlyOverTls() throws Exception {
        Identity modality = certificates.issue(hospital, "modality");
        Identity impostor = certificates.issue(hospital, "impostor");
        Identity ct2 = certificates.issue(
                hospital, "ct2", "DNS:CT2.radiology.example.org", Instant.now().minus(1, ChronoUnit.DAYS), 30);
        List<Path> files = TestSeries.write(dir.resolve("ct"), 1, 32).files();
        // lower case and spacing: X500Principal equality compares the names canonically
        AllowedSource bound = new AllowedSource("MODALITY", null, new X500Principal("cn = modality"), null);
        AllowedSource boundByName = new AllowedSource("CT2", null, null, "ct2.radiology.example.org");
        List<AuditEvent> audited = new CopyOnWriteArrayList<>();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger associations = (Logger) LoggerFactory.getLogger(StorageAssociation.class);
        associations.addAppender(logged);
        logged.start();
        try (TlsScp scp = new TlsScp(true, null, List.of(bound, boundByName), audited::add)) {
            Dcmtk.Result stored = Dcmtk.storescu(scp.port(), ScpFixture.AE, "MODALITY", tlsOptions(modality), files);
            assertEquals(0, stored.exitCode(), stored.output());
            assertEquals(1, scp.accepted().size());

            Dcmtk.Result other = Dcmtk.storescu(scp.port(), ScpFixture.AE, "MODALITY", tlsOptions(impostor), files);
            assertNotEquals(0, other.exitCode(), other.output());
            assertTrue(other.output().contains("Calling AE Title Not Recognized"), other.output());
            Dcmtk.Result plain = Dcmtk.storescu(scp.scp.port(), ScpFixture.AE, "MODALITY", List.of(), files);
            assertNotEquals(0, plain.exitCode(), plain.output());
            assertTrue(plain.output().contains("Calling AE Title Not Recognized"), plain.output());
            assertEquals(1, scp.accepted().size(), "nothing stored by the impostor or over the plain port");

            Dcmtk.Result named = Dcmtk.storescu(scp.port(), ScpFixture.AE, "CT2", tlsOptions(ct2), files);
            assertEquals(0, named.exitCode(), named.output());
            Dcmtk.Result unnamed = Dcmtk.storescu(scp.port(), ScpFixture.AE, "CT2", tlsOptions(modality), files);
            assertNotEquals(0, unnamed.exitCode(), unnamed.output());
            assertEquals(2, scp.accepted().size(), "the DNS-bound source's own certificate only");

            assertEquals(0, echo(modality, scp.port()).exitCode(), "the node carries on");
        } finally {
            associations.detachAppender(logged);
        }
        List<String> warnings = logged.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
        assertEquals(
                List.of(
                        "security: association from MODALITY at 127.0.0.1 rejected: permanent, service-user, calling AE"
                                + " title not recognized: certificate subject CN=impostor (DNS localhost) is not the one"
                                + " bound to its source",
                        "security: association from MODALITY at 127.0.0.1 rejected: permanent, service-user, calling AE"
                                + " title not recognized: its source is bound to a client certificate; none presented"
                                + " (plain port?)",
                        "security: association from CT2 at 127.0.0.1 rejected: permanent, service-user, calling AE"
                                + " title not recognized: certificate subject CN=modality (DNS localhost) is not the one"
                                + " bound to its source"),
                warnings);
        List<String> rejections = audited.stream()
                .filter(e -> e instanceof AuditEvent.Association a && !a.accepted())
                .map(e -> ((AuditEvent.Association) e).reason())
                .toList();
        assertEquals(3, rejections.size(), rejections.toString());
        assertTrue(
                rejections.get(0).endsWith("subject CN=impostor (DNS localhost) is not the one bound to its source"));
    }

    @Test
    void withoutRequiredClientCertificatesAnAnonymousCallerIsServedButABadCertificateIsStillRefused() throws Exception {
        Identity expired = certificates.expired(hospital, "expired");
        try (TlsScp scp = new TlsScp(false)) {
            List<String> anonymous =
                    List.of("+tla", "+cf", hospital.certificate().toString());
            Dcmtk.Result echo = Dcmtk.run(echoscu(anonymous, scp.port()));
            assertEquals(0, echo.exitCode(), echo.output());
            assertNotEquals(0, echo(expired, scp.port()).exitCode());
        }
    }

    @Test
    void nodeExportsToStorescpOverTls() throws Exception {
        Identity pacs = certificates.issue(hospital, "pacs");
        List<Path> files = TestSeries.write(dir.resolve("ct"), 2, 32).files();
        Path received = Files.createDirectories(dir.resolve("received"));
        int port = FreePorts.tcp();
        Process storescp = storescp(pacs, received, port);
        try {
            SendReport report = new StorageScu("AIW_SCU").send(pacsAt("127.0.0.1", port), files);
            assertTrue(report.allStored(), report.outcomes().toString());
            try (Stream<Path> s = Files.list(received)) {
                assertEquals(2, s.count());
            }
        } finally {
            storescp.destroy();
            storescp.waitFor();
        }
    }

    @Test
    void nodeRefusesAServerCertificateThatIsUntrustedExpiredOrForAnotherHost() throws Exception {
        List<Identity> refused = List.of(
                certificates.issue(certificates.authority("other-ca"), "stranger-pacs"),
                certificates.expired(hospital, "expired-pacs"),
                certificates.issue(
                        hospital,
                        "other-host-pacs",
                        "DNS:pacs.example.org",
                        Instant.now().minus(1, ChronoUnit.DAYS),
                        30));
        List<Path> files = TestSeries.write(dir.resolve("ct"), 1, 32).files();
        for (Identity pacs : refused) {
            Path received = Files.createDirectories(
                    dir.resolve("received-" + pacs.certificate().getFileName()));
            int port = FreePorts.tcp();
            Process storescp = storescp(pacs, received, port);
            try {
                AssociationFailure failure = assertThrows(
                        AssociationFailure.class,
                        () -> new StorageScu("AIW_SCU").send(pacsAt("127.0.0.1", port), files),
                        pacs.certificate().toString());
                assertEquals(AssociationFailure.Kind.CONNECTION_FAILED, failure.kind());
                assertTrue(failure.getMessage().contains("TLS handshake refused"), failure.getMessage());
                try (Stream<Path> s = Files.list(received)) {
                    assertEquals(0, s.count());
                }
            } finally {
                storescp.destroy();
                storescp.waitFor();
            }
        }
    }

    /** Orthanc with DICOM TLS: the node stores over TLS, and Orthanc's commitment report comes back over TLS. */
    @Test
    void orthancWithDicomTlsStoresAndReportsStorageCommitmentOverTls() throws Exception {
        assertTrue(OrthancProcess.installed(), "Orthanc missing: ./aiworklist test installs the orthanc package");
        Identity archive = certificates.issue(hospital, "orthanc");
        List<Path> files = TestSeries.write(dir.resolve("ct"), 2, 32).files();
        BlockingQueue<StorageCommitmentReport> reports = new LinkedBlockingQueue<>();
        try (TlsScp scp = new TlsScp(true, reports::add);
                OrthancProcess orthanc = new OrthancProcess(
                        dir.resolve("orthanc"), ScpFixture.AE, scp.port(), archive, hospital.certificate())) {
            RemoteApplicationEntity pacs =
                    new RemoteApplicationEntity(OrthancProcess.AE, "127.0.0.1", orthanc.dicomPort, nodeTls(true));
            SendReport sent = new StorageScu(ScpFixture.AE).send(pacs, files);
            assertTrue(sent.allStored(), sent.outcomes() + "; see " + orthanc.log);
            List<SopReference> sops = new ArrayList<>();
            for (Path f : files) {
                sops.add(SopReference.of(f));
            }
            StorageCommitmentScu scu = new StorageCommitmentScu(ScpFixture.AE, null, reports::add);
            String transaction = scu.newTransactionUid();
            assertFalse(scu.request(pacs, transaction, sops, Duration.ofMillis(500)), "reported on a new association");
            StorageCommitmentReport report = reports.poll(30, TimeUnit.SECONDS);
            assertNotNull(report, "no report over TLS; see " + orthanc.log);
            assertEquals(transaction, report.transactionUid());
            assertEquals(sops, report.committed());
            AssociationFailure plain = assertThrows(
                    AssociationFailure.class,
                    () -> new StorageScu(ScpFixture.AE)
                            .send(
                                    new RemoteApplicationEntity(OrthancProcess.AE, "127.0.0.1", orthanc.dicomPort),
                                    files),
                    "Orthanc's TLS port refuses plain DICOM");
            assertNotEquals(AssociationFailure.Kind.REJECTED, plain.kind());
        }
    }

    private RemoteApplicationEntity pacsAt(String host, int port) {
        return new RemoteApplicationEntity("STORESCP", host, port, nodeTls(true));
    }

    private DicomTls nodeTls(boolean requireClientCertificate) {
        return DicomTls.fromPem(
                node.certificate(), node.privateKey(), hospital.certificate(), requireClientCertificate);
    }

    private List<String> tlsOptions(Identity caller) {
        return List.of(
                "+tls",
                caller.privateKey().toString(),
                caller.certificate().toString(),
                "+cf",
                hospital.certificate().toString());
    }

    private Dcmtk.Result echo(Identity caller, int port) throws Exception {
        return Dcmtk.run(echoscu(tlsOptions(caller), port));
    }

    private static List<String> echoscu(List<String> options, int port) {
        List<String> cmd = new ArrayList<>(List.of("echoscu", "-aet", "MODALITY", "-aec", ScpFixture.AE));
        cmd.addAll(options);
        cmd.add("127.0.0.1");
        cmd.add(Integer.toString(port));
        return cmd;
    }

    private Process storescp(Identity pacs, Path received, int port) throws Exception {
        Process storescp = Dcmtk.start(List.of(
                "storescp",
                "-aet",
                "STORESCP",
                "+tls",
                pacs.privateKey().toString(),
                pacs.certificate().toString(),
                "+cf",
                hospital.certificate().toString(),
                "-od",
                received.toString(),
                Integer.toString(port)));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return storescp;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        storescp.destroy();
        throw new IllegalStateException("storescp did not start");
    }

    /** The Storage SCP with its TLS port, on 127.0.0.1. */
    private final class TlsScp implements AutoCloseable {
        final RecordingSink sink = new RecordingSink();
        final StorageScp scp;

        TlsScp(boolean requireClientCertificate) throws IOException {
            this(requireClientCertificate, null);
        }

        TlsScp(boolean requireClientCertificate, StorageCommitmentListener commitments) throws IOException {
            this(requireClientCertificate, commitments, List.of(), AuditTrail.NONE);
        }

        TlsScp(
                boolean requireClientCertificate,
                StorageCommitmentListener commitments,
                List<AllowedSource> sources,
                AuditTrail audit)
                throws IOException {
            scp = new StorageScp(
                            new StorageScpConfig(
                                    ScpFixture.AE,
                                    "127.0.0.1",
                                    0,
                                    dir.resolve("spool"),
                                    dir.resolve("quarantine"),
                                    sources,
                                    AssociationLimits.of(4),
                                    0,
                                    null,
                                    null),
                            sink,
                            sink,
                            commitments)
                    .withTls(nodeTls(requireClientCertificate), 0)
                    .withAuditTrail(audit);
            scp.start();
        }

        int port() {
            return scp.tlsPort();
        }

        /** What the sink was given, once it has recorded every instance acknowledged so far. */
        List<ReceivedInstance> accepted() throws InterruptedException {
            assertTrue(scp.awaitIndexed(Duration.ofSeconds(30)), "the index feed recorded every acknowledged instance");
            return sink.accepted;
        }

        @Override
        public void close() {
            scp.close();
        }
    }
}

package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Storage Commitment Push Model: data sets checked with dcmtk, the protocol with Orthanc and a scripted archive. */
class StorageCommitmentIT {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @TempDir
    Path dir;

    @Test
    void requestDataSetReadsBackInDcmtk() throws Exception {
        List<SopReference> sops = List.of(new SopReference(CT, "1.2.3.4.5"), new SopReference(CT, "1.2.3.4.66"));
        Path file = Files.write(dir.resolve("action.bin"), StorageCommitmentDataSets.request("2.25.123", sops));
        Dcmtk.Result dump = Dcmtk.run("dcmdump", "-f", "-ti", "+L", file.toString());
        assertEquals(0, dump.exitCode(), dump.output());
        assertTrue(dump.output().contains("(0008,1195) UI [2.25.123]"), dump.output());
        assertTrue(dump.output().contains("(0008,1155) UI [1.2.3.4.5]"), dump.output());
        assertTrue(dump.output().contains("(0008,1155) UI [1.2.3.4.66]"), dump.output());
        assertEquals(
                2,
                dump.output()
                        .lines()
                        .filter(l -> l.contains("(0008,1150) UI =CTImageStorage"))
                        .count());
    }

    @Test
    void reportsWrittenByDcmtkAreRead() throws Exception {
        for (String lengths : List.of("+e", "-e")) {
            StorageCommitmentReport r = StorageCommitmentDataSets.report(dcmtkReport("2.25.77", lengths), "PACS");
            assertEquals("2.25.77", r.transactionUid());
            assertEquals(List.of(new SopReference(CT, "1.2.3.1")), r.committed());
            assertEquals(
                    List.of(new StorageCommitmentReport.Failure(new SopReference(CT, "1.2.3.2"), 0x0112)), r.failed());
            assertEquals("no such object instance", r.failed().get(0).meaning());
            assertFalse(r.failed().get(0).isPermanent());
        }
    }

    @Test
    void transactionUidsAreNeverReused() {
        StorageCommitmentScu scu = new StorageCommitmentScu("AIW_SCU", "1.2.826.0.1.3680043.10", r -> {});
        String first = scu.newTransactionUid();
        assertTrue(first.startsWith("1.2.826.0.1.3680043.10.") && first.length() <= 64, first);
        assertNotEquals(first, scu.newTransactionUid());
    }

    /** Orthanc answers N-ACTION, then reports on an association it opens to our Storage SCP (PS3.4 J.3.3). */
    @Test
    void orthancReportsOnANewAssociationToTheStorageScp() throws Exception {
        assertTrue(OrthancProcess.installed(), "Orthanc missing: ./aiworklist test installs the orthanc package");
        BlockingQueue<StorageCommitmentReport> reports = new LinkedBlockingQueue<>();
        List<Path> files = TestSeries.write(dir.resolve("ct"), 2, 32).files();
        try (StorageScp scp = new StorageScp(
                new StorageScpConfig(
                        "AIW_NODE",
                        "127.0.0.1",
                        0,
                        dir.resolve("spool"),
                        dir.resolve("quarantine"),
                        List.of(),
                        AssociationLimits.of(4),
                        0,
                        null,
                        null),
                new RecordingSink(),
                new RecordingSink(),
                reports::add)) {
            scp.start();
            try (OrthancProcess orthanc = new OrthancProcess(dir.resolve("orthanc"), "AIW_NODE", scp.port())) {
                assertTrue(new StorageScu("AIW_NODE").send(orthanc.ae(), files).allStored());
                List<SopReference> sops = new ArrayList<>();
                for (Path f : files) {
                    sops.add(SopReference.of(f));
                }
                SopReference neverSent = new SopReference(CT, "2.25.1234567");
                sops.add(neverSent);
                StorageCommitmentScu scu = new StorageCommitmentScu("AIW_NODE", null, reports::add);
                String transaction = scu.newTransactionUid();
                assertFalse(
                        scu.request(orthanc.ae(), transaction, sops, Duration.ofMillis(500)),
                        "Orthanc reports on an association of its own");
                StorageCommitmentReport report = reports.poll(30, TimeUnit.SECONDS);
                assertNotNull(report, "no report; see " + orthanc.log);
                assertEquals(transaction, report.transactionUid());
                assertEquals(OrthancProcess.AE, report.remoteAeTitle());
                assertEquals(sops.subList(0, 2), report.committed());
                assertEquals(List.of(new StorageCommitmentReport.Failure(neverSent, 0x0112)), report.failed());
            }
        }
    }

    /** An archive that reports on the same association gets its N-EVENT-REPORT-RSP 0000 there. */
    @Test
    void reportOnTheSameAssociationIsAnsweredAndHandedOver() throws Exception {
        byte[] reportData = dcmtkReport("2.25.88", "+e");
        BlockingQueue<StorageCommitmentReport> reports = new LinkedBlockingQueue<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<Object>> archive =
                    CompletableFuture.supplyAsync(() -> scriptedArchive(server, reportData));
            StorageCommitmentScu scu = new StorageCommitmentScu("AIW_NODE", null, reports::add);
            assertTrue(scu.request(
                    new RemoteApplicationEntity("ARCHIVE", "127.0.0.1", server.getLocalPort()),
                    "2.25.88",
                    List.of(new SopReference(CT, "1.2.3.1"), new SopReference(CT, "1.2.3.2")),
                    Duration.ofSeconds(10)));
            List<Object> seen = archive.get(20, TimeUnit.SECONDS);
            assertEquals(
                    new AssociationParameters.RoleSelection(Uids.STORAGE_COMMITMENT_PUSH_MODEL, true, true),
                    seen.get(0),
                    "role selection proposed");
            assertEquals(0x0000, seen.get(1), "N-EVENT-REPORT-RSP status");
            assertEquals(2, seen.get(2), "event type echoed");
            StorageCommitmentReport report = reports.poll(1, TimeUnit.SECONDS);
            assertNotNull(report);
            assertEquals("ARCHIVE", report.remoteAeTitle());
            assertEquals(1, report.failed().size());
        }
    }

    /** Accepts Storage Commitment with both roles, answers the N-ACTION, reports, and returns what it saw. */
    private static List<Object> scriptedArchive(ServerSocket server, byte[] reportData) {
        try (Socket s = server.accept();
                Association a = new Association(s)) {
            a.readPdu();
            AssociationParameters rq = AssociationParameters.decode(a.body(), a.bodyLength(), false);
            PresentationContext pc = rq.presentationContexts().get(0);
            AssociationParameters.RoleSelection role = rq.roleSelection(pc.abstractSyntax());
            a.writePdu(
                    Association.A_ASSOCIATE_AC,
                    new AssociationParameters(
                                    rq.calledAeTitle(),
                                    rq.callingAeTitle(),
                                    rq.applicationContext(),
                                    List.of(new PresentationContext(
                                            pc.id(),
                                            pc.abstractSyntax(),
                                            List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN),
                                            PresentationContext.ACCEPTANCE)),
                                    16384,
                                    "1.2.3",
                                    "TEST",
                                    List.of(role))
                            .encode(true));
            Association.Message action = a.readMessage(1 << 20);
            a.sendCommand(pc.id(), action.command().response(DimseStatus.SUCCESS, null));
            CommandSet event = new CommandSet()
                    .putUid(CommandSet.AFFECTED_SOP_CLASS_UID, pc.abstractSyntax())
                    .putUs(CommandSet.COMMAND_FIELD, CommandSet.N_EVENT_REPORT_RQ)
                    .putUs(CommandSet.MESSAGE_ID, 1)
                    .putUs(CommandSet.COMMAND_DATA_SET_TYPE, CommandSet.DATA_SET_PRESENT)
                    .putUid(CommandSet.AFFECTED_SOP_INSTANCE_UID, Uids.STORAGE_COMMITMENT_PUSH_MODEL_INSTANCE)
                    .putUs(CommandSet.EVENT_TYPE_ID, 2);
            a.sendCommand(pc.id(), event);
            a.sendDataSet(pc.id(), new java.io.ByteArrayInputStream(reportData), reportData.length);
            CommandSet rsp = a.readCommand();
            a.readMessage(0); // A-RELEASE-RQ, answered
            return List.of(role, rsp.us(CommandSet.STATUS), rsp.us(CommandSet.EVENT_TYPE_ID));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A report with one committed and one failed (0112) instance, encoded by dcmtk's dump2dcm. */
    private byte[] dcmtkReport(String transactionUid, String lengthOption) throws Exception {
        Path dump =
                Files.writeString(dir.resolve("report" + lengthOption + ".txt"), """
                (0008,1195) UI [%s]
                (0008,1198) SQ (Sequence with undefined length)
                (fffe,e000) na (Item with undefined length)
                (0008,1150) UI [%s]
                (0008,1155) UI [1.2.3.2]
                (0008,1197) US 274
                (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
                (0008,1199) SQ (Sequence with undefined length)
                (fffe,e000) na (Item with undefined length)
                (0008,1150) UI [%s]
                (0008,1155) UI [1.2.3.1]
                (fffe,e00d) na (ItemDelimitationItem)
                (fffe,e0dd) na (SequenceDelimitationItem)
                """.formatted(transactionUid, CT, CT));
        Path out = dir.resolve("report" + lengthOption + ".bin");
        Dcmtk.Result r = Dcmtk.run("dump2dcm", "-F", "+ti", lengthOption, dump.toString(), out.toString());
        assertEquals(0, r.exitCode(), r.output());
        return Files.readAllBytes(out);
    }
}

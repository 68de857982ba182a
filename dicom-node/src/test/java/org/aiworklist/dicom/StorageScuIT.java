package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.aiworklist.common.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageScuIT {
    @TempDir
    Path dir;

    @Test
    void storescpAcceptingOnlyImplicitGetsDecodableTranscodedData() throws Exception {
        List<Path> explicit = TestSeries.write(dir.resolve("explicit"), 2, 64).files();
        Path jpeg = Dcmtk.convert(explicit.subList(0, 1), dir.resolve("jpeg"), "dcmcjpeg", "+eb")
                .get(0);
        Path lossless = Dcmtk.convert(explicit.subList(1, 2), dir.resolve("jpegll"), "dcmcjpeg", "+e1")
                .get(0);
        Path received = Files.createDirectories(dir.resolve("storescp"));
        int port = FreePorts.tcp();
        Process storescp = storescp(received, port);
        try {
            RemoteApplicationEntity peer = new RemoteApplicationEntity("STORESCP", "127.0.0.1", port);
            SendReport report = new StorageScu("AIW_SCU").send(peer, List.of(explicit.get(0), jpeg, lossless));
            List<FileOutcome> o = report.outcomes();
            assertEquals(3, o.size());
            assertTrue(o.get(0).isSuccess(), o.get(0).toString());
            assertTrue(o.get(1).isSuccess(), o.get(1).toString());
            assertTrue(o.get(2).isSuccess(), o.get(2).toString());
            List<Path> files;
            try (Stream<Path> s = Files.list(received)) {
                files = s.toList();
            }
            assertEquals(3, files.size());
            for (Path f : files) {
                assertEquals(Uids.IMPLICIT_VR_LITTLE_ENDIAN, Part10File.read(f).transferSyntaxUid());
                Dcmtk.Result dump = Dcmtk.run("dcmdump", "+M", f.toString());
                assertEquals(0, dump.exitCode(), dump.output());
            }
            assertReceivedDecodesTo(files, explicit.get(0), explicit.get(0));
            assertReceivedDecodesTo(files, lossless, explicit.get(1));
        } finally {
            storescp.destroy();
            storescp.waitFor();
        }
    }

    @Test
    void jpegLsIsSentAsIsWhereAcceptedAndTranscodedElsewhereButUndecodableDataIsNotSent() throws Exception {
        List<Path> explicit = TestSeries.write(dir.resolve("explicit"), 1, 32).files();
        Path jls = Dcmtk.convert(explicit, dir.resolve("jls"), "dcmcjpls").get(0);
        // the same bytes labelled JPEG 2000, for which no decoder is installed
        Path j2k = Files.createDirectories(dir.resolve("j2k")).resolve("CT00001.dcm");
        Files.write(j2k, replace(Files.readAllBytes(jls), Uids.JPEG_LS_LOSSLESS, Uids.JPEG_2000_LOSSLESS));
        try (ScpFixture f = new ScpFixture(dir.resolve("scp"))) {
            assertTrue(new StorageScu("AIW_SCU").send(f.ae(), List.of(jls)).allStored(), "sent as is when accepted");
            assertEquals(Uids.JPEG_LS_LOSSLESS, f.accepted().get(0).transferSyntaxUid());
        }
        Path received = Files.createDirectories(dir.resolve("storescp"));
        int port = FreePorts.tcp();
        Process storescp = storescp(received, port);
        try {
            List<FileOutcome> o = new StorageScu("AIW_SCU")
                    .send(new RemoteApplicationEntity("STORESCP", "127.0.0.1", port), List.of(jls, j2k))
                    .outcomes();
            assertTrue(o.get(0).isSuccess(), o.get(0).toString());
            assertEquals(FileOutcome.NOT_SENT, o.get(1).status(), o.get(1).toString());
            assertTrue(o.get(1).isPermanentFailure());
            assertTrue(
                    o.get(1).statusMeaning().contains(Uids.JPEG_2000_LOSSLESS),
                    o.get(1).statusMeaning());
            try (Stream<Path> s = Files.list(received)) {
                Path stored = s.findFirst().orElseThrow();
                assertEquals(
                        Uids.IMPLICIT_VR_LITTLE_ENDIAN, Part10File.read(stored).transferSyntaxUid());
                assertArrayEquals(
                        DicomSliceReader.read(explicit.get(0)).values(),
                        DicomSliceReader.read(stored).values());
            }
        } finally {
            storescp.destroy();
            storescp.waitFor();
        }
    }

    /**
     * The file storescp wrote for {@code sent} (named after its SOP Instance UID) decodes to the pixels of
     * {@code original}.
     */
    private static void assertReceivedDecodesTo(List<Path> received, Path sent, Path original) throws Exception {
        String uid = Part10File.read(sent).sopInstanceUid();
        Path stored = received.stream()
                .filter(f -> f.getFileName().toString().contains(uid))
                .findFirst()
                .orElseThrow();
        assertArrayEquals(
                DicomSliceReader.read(original).values(),
                DicomSliceReader.read(stored).values());
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        String latin = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        return latin.replace(from, to).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void outcomesCarryThePeersStatus() throws Exception {
        List<Path> files = TestSeries.write(dir.resolve("ct"), 2, 32).files();
        try (ScpFixture f = new ScpFixture(dir.resolve("ok"))) {
            SendReport r = new StorageScu("AIW_SCU").send(f.ae(), files);
            assertTrue(r.allStored());
            assertEquals(
                    Part10File.read(files.get(0)).sopInstanceUid(),
                    r.outcomes().get(0).sopInstanceUid());
            assertEquals("Success", r.outcomes().get(0).statusMeaning());
        }
        try (ScpFixture f = new ScpFixture(
                dir.resolve("mr-only"), List.of(), 4, 0, java.util.Set.of("1.2.840.10008.5.1.4.1.1.4"))) {
            FileOutcome o = new StorageScu("AIW_SCU")
                    .send(f.ae(), files.subList(0, 1))
                    .outcomes()
                    .get(0);
            assertEquals(FileOutcome.NOT_SENT, o.status());
            assertTrue(o.isPermanentFailure());
        }
        Path notDicom = Files.writeString(dir.resolve("x.txt"), "hello");
        try (ScpFixture f = new ScpFixture(dir.resolve("bad"))) {
            FileOutcome o = new StorageScu("AIW_SCU")
                    .send(f.ae(), List.of(notDicom))
                    .outcomes()
                    .get(0);
            assertEquals(FileOutcome.NOT_SENT, o.status());
        }
    }

    /**
     * One association reuses its PDU buffer across data sets: each arrives byte for byte, whether it fills several
     * PDUs or follows a larger one (the buffer's stale tail must not be sent).
     */
    @Test
    void dataSetsOfDifferentSizesOnOneAssociationArriveExactly() throws Exception {
        List<Path> files = List.of(
                TestSeries.write(dir.resolve("large"), 1, 512).files().get(0),
                TestSeries.write(dir.resolve("small"), 1, 16).files().get(0),
                TestSeries.write(dir.resolve("larger"), 1, 640).files().get(0));
        try (ScpFixture f = new ScpFixture(dir.resolve("scp"))) {
            assertTrue(new StorageScu("AIW_SCU").send(f.ae(), files).allStored());
            List<String> spooled =
                    f.spooled().stream().map(Spool::sha256Of).sorted().toList();
            List<String> sent = new ArrayList<>();
            for (Path file : files) {
                sent.add(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(ScpFixture.dataSet(file))));
            }
            assertEquals(sent.stream().sorted().toList(), spooled, "the spool names each file by its bytes' digest");
        }
    }

    @Test
    void refusedConnectionIsARetryableAssociationFailure() throws Exception {
        List<Path> files = TestSeries.write(dir.resolve("ct"), 1, 16).files();
        AssociationFailure e = assertThrows(AssociationFailure.class, () -> new StorageScu("AIW_SCU")
                .send(new RemoteApplicationEntity("NOBODY", "127.0.0.1", FreePorts.tcp()), files));
        assertEquals(AssociationFailure.Kind.CONNECTION_FAILED, e.kind());
        assertTrue(e.isRetryable());
    }

    /** dcmtk's storescp as STORESCP on {@code port}, accepting only Implicit VR Little Endian; listening on return. */
    private static Process storescp(Path received, int port) throws Exception {
        Process storescp = Dcmtk.start(
                List.of("storescp", "-aet", "STORESCP", "+xi", "-od", received.toString(), Integer.toString(port)));
        try {
            awaitListening(port);
            return storescp;
        } catch (Exception e) {
            storescp.destroy();
            storescp.waitFor();
            throw e;
        }
    }

    private static void awaitListening(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("storescp did not start");
    }
}

package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageScpIT {
    private static final String EXPLICIT_BIG_ENDIAN = "1.2.840.10008.1.2.2";
    private static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";

    @TempDir
    static Path data;

    static List<Path> explicit;
    /** storescu options and inputs per transfer syntax. */
    static Map<String, Map.Entry<List<String>, List<Path>>> variants;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeInputs() throws Exception {
        explicit = TestSeries.write(data.resolve("explicit"), 3, 64).files();
        variants = Map.of(
                Uids.EXPLICIT_VR_LITTLE_ENDIAN, Map.entry(List.of("-xe"), explicit),
                Uids.IMPLICIT_VR_LITTLE_ENDIAN,
                        Map.entry(List.of("-xi"), Dcmtk.convert(explicit, data.resolve("implicit"), "dcmconv", "+ti")),
                Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                        Map.entry(List.of("-xd"), Dcmtk.convert(explicit, data.resolve("deflate"), "dcmconv", "+td")),
                Uids.JPEG_LOSSLESS_SV1,
                        Map.entry(List.of("-xs"), Dcmtk.convert(explicit, data.resolve("jpegll"), "dcmcjpeg", "+e1")),
                Uids.JPEG_BASELINE,
                        Map.entry(List.of("-xy"), Dcmtk.convert(explicit, data.resolve("jpegb"), "dcmcjpeg", "+eb")),
                Uids.JPEG_LS_LOSSLESS,
                        Map.entry(List.of("-xt"), Dcmtk.convert(explicit, data.resolve("jls"), "dcmcjpls")),
                Uids.RLE_LOSSLESS, Map.entry(List.of("-xr"), Dcmtk.convert(explicit, data.resolve("rle"), "dcmcrle")));
    }

    @Test
    void echoscuAndVerificationGetSuccess() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            Dcmtk.Result r = Dcmtk.run(
                    "echoscu", "-aet", "MODALITY", "-aec", ScpFixture.AE, "127.0.0.1", Integer.toString(f.scp.port()));
            assertEquals(0, r.exitCode(), r.output());
            assertEquals(0, Verification.echo(f.ae(), "MODALITY"));
        }
    }

    @Test
    void storescuStoresEveryTransferSyntaxAsReceived() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            for (var v : variants.entrySet()) {
                Dcmtk.Result r = Dcmtk.storescu(
                        f.scp.port(),
                        ScpFixture.AE,
                        "MODALITY",
                        v.getValue().getKey(),
                        v.getValue().getValue());
                assertEquals(0, r.exitCode(), v.getKey() + ": " + r.output());
                assertFalse(r.output().contains("Status"), r.output()); // storescu prints non-success statuses
            }
            assertEquals(3 * variants.size(), f.accepted().size());
            for (ReceivedInstance i : f.accepted()) {
                assertTrue(Files.exists(i.file()), "spooled file present");
                assertTrue(i.file().startsWith(f.spool));
                assertTrue(variants.containsKey(i.transferSyntaxUid()));
                byte[] received = ScpFixture.dataSet(i.file());
                assertEquals(
                        i.contentSha256(),
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(received)));
                assertEquals(i.sizeBytes(), received.length);
                assertEquals("MODALITY", i.callingAeTitle());
                assertEquals("Doe^Jane", i.attributes().patientName());
                assertEquals("CT", i.attributes().modality());
                assertEquals(3, i.attributes().imagesInAcquisition());
                if (!i.transferSyntaxUid().equals(Uids.JPEG_BASELINE)) { // all but JPEG Baseline are lossless
                    assertEquals(
                            1,
                            java.util.stream.IntStream.range(0, 3)
                                    .filter(n -> {
                                        try {
                                            return Arrays.equals(
                                                    DicomSliceReader.read(explicit.get(n))
                                                            .values(),
                                                    DicomSliceReader.read(i.file())
                                                            .values());
                                        } catch (java.io.IOException e) {
                                            return false;
                                        }
                                    })
                                    .count(),
                            "decodes to one of the sent images: " + i.transferSyntaxUid());
                }
                assertArrayEquals(
                        new double[] {1, 0, 0, 0, 1, 0}, i.attributes().imageOrientationPatient());
            }
            for (var v : variants.entrySet()) { // stored byte for byte as sent
                if (v.getKey().equals(Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
                    continue; // storescu re-deflates while sending; its block boundaries vary from run to run
                }
                Path sent = v.getValue().getValue().get(0);
                assertTrue(
                        f.accepted().stream().anyMatch(i -> {
                            try {
                                return Arrays.equals(ScpFixture.dataSet(sent), ScpFixture.dataSet(i.file()));
                            } catch (java.io.IOException e) {
                                return false;
                            }
                        }),
                        v.getKey());
            }
        }
    }

    @Test
    void wrongCalledAeIsRejectedWithReason7() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            AssociationFailure e = assertThrows(
                    AssociationFailure.class,
                    () -> Verification.echo(
                            new RemoteApplicationEntity("SOMEONE_ELSE", "127.0.0.1", f.scp.port()), "MODALITY"));
            assertRejected(e, 1, 1, 7);
            assertFalse(e.isRetryable());
            Dcmtk.Result r = Dcmtk.run("echoscu", "-aec", "SOMEONE_ELSE", "127.0.0.1", Integer.toString(f.scp.port()));
            assertTrue(r.exitCode() != 0 && r.output().contains("Called AE Title Not Recognized"), r.output());
        }
    }

    @Test
    void unknownCallerIsRejectedWithReason3() throws Exception {
        List<AllowedSource> allowed =
                List.of(new AllowedSource("MODALITY", "127.0.0.1"), new AllowedSource("ELSEWHERE", "10.11.12.13"));
        try (ScpFixture f = new ScpFixture(dir, allowed, 4, 0, null)) {
            assertEquals(0, Verification.echo(f.ae(), "MODALITY"));
            assertRejected(
                    assertThrows(AssociationFailure.class, () -> Verification.echo(f.ae(), "STRANGER")), 1, 1, 3);
            assertRejected(
                    assertThrows(AssociationFailure.class, () -> Verification.echo(f.ae(), "ELSEWHERE")), 1, 1, 3);
            Dcmtk.Result r = Dcmtk.run(
                    "echoscu", "-aet", "STRANGER", "-aec", ScpFixture.AE, "127.0.0.1", Integer.toString(f.scp.port()));
            assertTrue(r.exitCode() != 0 && r.output().contains("Calling AE Title Not Recognized"), r.output());
        }
    }

    @Test
    void associationBeyondTheLimitIsRejectedAsTransient() throws Exception {
        try (ScpFixture f = new ScpFixture(dir, List.of(), 1, 0, null)) {
            try (Association held = f.requestVerification("HOLDER")) {
                AssociationFailure e =
                        assertThrows(AssociationFailure.class, () -> Verification.echo(f.ae(), "MODALITY"));
                assertRejected(e, 2, 3, 2);
                assertTrue(e.isRetryable());
                held.release();
            }
            assertEquals(0, Verification.echo(f.ae(), "MODALITY"));
        }
    }

    @Test
    void unsupportedAbstractAndTransferSyntaxesAreRejectedPerContext() throws Exception {
        try (ScpFixture f = new ScpFixture(dir, List.of(), 4, 0, Set.of(Uids.CT_IMAGE_STORAGE, Uids.VERIFICATION))) {
            List<PresentationContext> answered = new ArrayList<>();
            try (Association a = Association.request(
                    f.ae(),
                    "MODALITY",
                    List.of(
                            PresentationContext.proposed(1, Uids.CT_IMAGE_STORAGE, List.of(EXPLICIT_BIG_ENDIAN)),
                            PresentationContext.proposed(3, MR_IMAGE_STORAGE, List.of(Uids.IMPLICIT_VR_LITTLE_ENDIAN)),
                            PresentationContext.proposed(
                                    5,
                                    Uids.CT_IMAGE_STORAGE,
                                    List.of(
                                            EXPLICIT_BIG_ENDIAN,
                                            Uids.JPEG_2000_LOSSLESS,
                                            Uids.IMPLICIT_VR_LITTLE_ENDIAN))),
                    answered)) {
                a.release();
            }
            assertEquals(
                    PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED,
                    answered.get(0).result());
            assertEquals(
                    PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                    answered.get(1).result());
            assertEquals(PresentationContext.ACCEPTANCE, answered.get(2).result());
            assertEquals(Uids.JPEG_2000_LOSSLESS, answered.get(2).transferSyntax());
        }
    }

    @Test
    void unparseableDataSetsGetC000AndAreQuarantined() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            Part10File meta = Part10File.read(explicit.get(0));
            byte[] whole = ScpFixture.dataSet(explicit.get(0));
            byte[] truncated = Arrays.copyOf(whole, whole.length - 1000);
            byte[] garbage = new byte[4000];
            new java.util.Random(1).nextBytes(garbage);
            assertEquals(0xC000, f.storeRaw(meta.sopClassUid(), meta.sopClassUid(), meta.sopInstanceUid(), truncated));
            assertEquals(0xC000, f.storeRaw(meta.sopClassUid(), meta.sopClassUid(), meta.sopInstanceUid(), garbage));
            assertEquals(2, f.sink.quarantined.size());
            for (Path q : f.sink.quarantined) {
                assertTrue(Files.exists(q));
                assertTrue(Files.readString(q.resolveSibling(q.getFileName() + ".reason.txt"))
                        .contains("cannot be parsed"));
            }
            assertTrue(f.accepted().isEmpty());
            assertTrue(f.spooled().isEmpty());
            // the node is still fine afterwards
            assertEquals(0, f.storeRaw(meta.sopClassUid(), meta.sopClassUid(), meta.sopInstanceUid(), whole));
        }
    }

    @Test
    void dataSetThatDoesNotMatchTheCommandGetsA900() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            Part10File meta = Part10File.read(explicit.get(0));
            byte[] ct = ScpFixture.dataSet(explicit.get(0));
            assertEquals(0xA900, f.storeRaw(MR_IMAGE_STORAGE, MR_IMAGE_STORAGE, meta.sopInstanceUid(), ct));
            assertEquals(0xA900, f.storeRaw(meta.sopClassUid(), meta.sopClassUid(), "1.2.3.4", ct));
            assertEquals(2, f.sink.quarantined.size());
            assertTrue(f.sink.quarantineReasons.get(0).contains("SOP Class"));
            assertTrue(f.accepted().isEmpty());
        }
    }

    @Test
    void lowDiskAndFullSinkGetA700() throws Exception {
        try (ScpFixture f = new ScpFixture(dir, List.of(), 4, Long.MAX_VALUE, null)) {
            FileOutcome o = new StorageScu("MODALITY")
                    .send(f.ae(), explicit.subList(0, 1))
                    .outcomes()
                    .get(0);
            assertEquals(0xA700, o.status());
            assertTrue(o.isRetryable());
            assertTrue(f.accepted().isEmpty());
            assertTrue(f.spooled().isEmpty());
        }
        try (ScpFixture f = new ScpFixture(dir.resolve("full"))) {
            f.sink.full = true;
            Dcmtk.Result r =
                    Dcmtk.storescu(f.scp.port(), ScpFixture.AE, "MODALITY", List.of("-v"), explicit.subList(0, 1));
            assertTrue(r.output().contains("Refused: OutOfResources"), r.output());
            assertTrue(f.spooled().isEmpty());
        }
    }

    @Test
    void indexDownDelaysIndexingButLosesNothingAcknowledged() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            f.sink.failing = true;
            SendReport sent = new StorageScu("MODALITY").send(f.ae(), explicit);
            assertTrue(sent.allStored(), "the spool file and its pending mark are the record: " + sent);
            assertEquals(3, f.spooled().size());
            assertFalse(f.scp.awaitIndexed(Duration.ofMillis(300)), "nothing recorded while the index is down");
            assertTrue(f.sink.accepted.isEmpty());
            f.sink.failing = false;
            assertEquals(3, f.distinctInstances(), "recorded once the index is back");
            for (ReceivedInstance i : f.accepted()) {
                assertTrue(Files.exists(i.file()), "every acknowledged instance is on disk");
            }
            assertTrue(pendingMarks(f).isEmpty(), "marks removed once recorded");
        }
    }

    @Test
    void instancesAcknowledgedButNotIndexedAreIndexedAtTheNextStart() throws Exception {
        SendReport sent;
        try (ScpFixture f = new ScpFixture(dir)) {
            f.sink.failing = true; // stands for a crash between the spool's fsync and the index write
            sent = new StorageScu("MODALITY").send(f.ae(), explicit);
            assertTrue(sent.allStored(), sent.toString());
        }
        try (ScpFixture again = new ScpFixture(dir)) {
            assertEquals(
                    sent.outcomes().stream().map(FileOutcome::sopInstanceUid).collect(Collectors.toSet()),
                    again.sink.accepted.stream()
                            .map(i -> i.attributes().sopInstanceUid())
                            .collect(Collectors.toSet()),
                    "recorded before the SCP listens again");
            assertTrue(pendingMarks(again).isEmpty());
        }
    }

    /**
     * Embedded H2 can lose commits to a kill -9 after reporting them done, so an index can lack instances whose
     * pending marks are gone: a start after anything but a clean stop checks the whole spool against the index.
     */
    @Test
    void aStartAfterACrashGivesTheIndexWhatItLacksOfTheWholeSpool() throws Exception {
        Set<String> sent;
        try (ScpFixture f = new ScpFixture(dir)) {
            SendReport report = new StorageScu("MODALITY").send(f.ae(), explicit);
            assertTrue(report.allStored(), report.toString());
            assertEquals(3, f.distinctInstances());
            assertTrue(pendingMarks(f).isEmpty(), "recorded, so no longer marked");
            sent = report.outcomes().stream().map(FileOutcome::sopInstanceUid).collect(Collectors.toSet());
        } // closed without a clean-stop mark, as a kill leaves it
        try (ScpFixture forgetful = new ScpFixture(dir)) { // a new sink: an index that lost every record
            assertEquals(sent, sopInstanceUids(forgetful.sink), "the whole spool given again after the crash");
            forgetful.close();
            forgetful.scp.markCleanStop(); // what the node does once its database is closed
        }
        try (ScpFixture afterCleanStop = new ScpFixture(dir)) {
            assertEquals(Set.of(), sopInstanceUids(afterCleanStop.sink), "no walk of the spool after a clean stop");
        }
        try (ScpFixture afterCrash = new ScpFixture(dir)) {
            assertEquals(sent, sopInstanceUids(afterCrash.sink), "the mark served one start only");
        }
    }

    @Test
    void afterACrashASpoolFileWhoseBytesNoLongerHashToItsNameIsNotIndexed() throws Exception {
        Path torn;
        try (ScpFixture f = new ScpFixture(dir)) {
            assertTrue(new StorageScu("MODALITY").send(f.ae(), explicit).allStored());
            assertEquals(3, f.distinctInstances());
            torn = f.spooled().get(0);
        }
        // what a power cut can leave of a file renamed before its fsync (never acknowledged): the name, not the bytes
        try (FileChannel file = FileChannel.open(torn, StandardOpenOption.WRITE)) {
            file.truncate(file.size() - 1000);
        }
        try (ScpFixture again = new ScpFixture(dir)) {
            assertEquals(2, again.sink.accepted.size(), "the two whole files indexed again");
            assertTrue(again.sink.accepted.stream().noneMatch(i -> i.file().equals(torn)), "the short one not");
        }
    }

    private static Set<String> sopInstanceUids(RecordingSink sink) {
        return sink.accepted.stream().map(i -> i.attributes().sopInstanceUid()).collect(Collectors.toSet());
    }

    private static List<Path> pendingMarks(ScpFixture f) throws IOException {
        try (Stream<Path> marks = Files.list(f.spool.resolve(".pending"))) {
            return marks.toList();
        }
    }

    @Test
    void identicalDuplicateKeepsTheFileTheIndexAlreadyPointsTo() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            assertTrue(new StorageScu("MODALITY")
                    .send(f.ae(), explicit.subList(0, 1))
                    .allStored());
            assertTrue(new StorageScu("MODALITY")
                    .send(f.ae(), explicit.subList(0, 1))
                    .allStored());
            Path rle = variants.get(Uids.RLE_LOSSLESS).getValue().get(0);
            assertTrue(new StorageScu("MODALITY").send(f.ae(), List.of(rle)).allStored());
            assertEquals(3, f.accepted().size());
            assertEquals(f.accepted().get(0).file(), f.accepted().get(1).file());
            assertTrue(Files.exists(f.accepted().get(0).file()));
            assertEquals(2, f.spooled().size(), "identical content kept once, the conflicting copy kept too");
        }
    }

    @Test
    void eightStorescuProcessesAtOnceAreAllStored() throws Exception {
        List<List<Path>> series = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            series.add(TestSeries.write(dir.resolve("series" + s), 5, 64).files());
        }
        AssociationLimits eightFromOneCaller =
                new AssociationLimits(8, 8, AssociationLimits.DEFAULT_ARTIM, AssociationLimits.DEFAULT_IDLE);
        try (ScpFixture f = new ScpFixture(dir.resolve("scp"), eightFromOneCaller, null)) {
            List<Process> senders = new ArrayList<>();
            for (List<Path> files : series) {
                List<String> cmd = new ArrayList<>(List.of(
                        "storescu",
                        "-R",
                        "-aet",
                        "MODALITY",
                        "-aec",
                        ScpFixture.AE,
                        "127.0.0.1",
                        Integer.toString(f.scp.port())));
                files.forEach(p -> cmd.add(p.toString()));
                senders.add(Dcmtk.start(cmd));
            }
            for (Process p : senders) {
                String out = new String(p.getInputStream().readAllBytes(), Charset.defaultCharset());
                assertEquals(0, p.waitFor(), out);
            }
            assertEquals(40, f.distinctInstances());
            assertEquals(40, f.spooled().size());
            int madeAhead = awaitTemporaryFiles(f, 1).size();
            assertTrue(madeAhead >= 1 && madeAhead <= 4, madeAhead + " temporary files made ahead, 1 to 4 expected");
            f.scp.close();
            assertEquals(List.of(), temporaryFiles(f), "the files made ahead go when the SCP stops");
        }
    }

    @Test
    void eachAnswerMakesTheNextInstancesFileAheadAndTheNextInstanceUsesIt() throws Exception {
        try (ScpFixture f = new ScpFixture(dir.resolve("scp"))) {
            assertEquals(List.of(), temporaryFiles(f));
            for (int round = 0; round < 2; round++) {
                Dcmtk.Result sent = Dcmtk.run(
                        "storescu",
                        "-aet",
                        "MODALITY",
                        "-aec",
                        ScpFixture.AE,
                        "127.0.0.1",
                        Integer.toString(f.scp.port()),
                        explicit.get(round).toString());
                assertEquals(0, sent.exitCode(), sent.output());
                assertEquals(1, awaitTemporaryFiles(f, 1).size(), "one file made ahead after round " + round);
            }
            assertEquals(2, f.spooled().size());
        }
    }

    /** The temporary files once at least {@code atLeast} are there (made on the spool's thread), or after 10 s. */
    private static List<Path> awaitTemporaryFiles(ScpFixture f, int atLeast) throws Exception {
        List<Path> files = temporaryFiles(f);
        for (int i = 0; i < 200 && files.size() < atLeast; i++) {
            Thread.sleep(50);
            files = temporaryFiles(f);
        }
        return files;
    }

    private static List<Path> temporaryFiles(ScpFixture f) throws IOException {
        try (Stream<Path> s = Files.list(f.spool.resolve(".incoming"))) {
            return s.toList();
        }
    }

    private static void assertRejected(AssociationFailure e, int result, int source, int reason) {
        assertEquals(AssociationFailure.Kind.REJECTED, e.kind(), e.getMessage());
        assertEquals(result, e.rejectResult());
        assertEquals(source, e.rejectSource());
        assertEquals(reason, e.rejectReason());
    }
}

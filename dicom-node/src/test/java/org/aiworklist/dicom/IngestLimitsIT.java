package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one C-STORE may cost the node is bounded (issue 17: deflate bombs, huge elements before Pixel Data,
 * command fragment floods, PDV length overflow, over-long instances, forged AE titles). Heap use is measured as
 * the bytes the Storage SCP's own threads allocate, which no garbage collection can hide.
 */
class IngestLimitsIT {
    /** Far below what any of the inputs here would cost if it were read into memory. */
    private static final long HEAP_BOUND = 48L << 20;

    @TempDir
    Path dir;

    @Test
    void deflateBombBeforePixelDataIsQuarantinedWithoutBeingInflatedIntoMemory() throws Exception {
        byte[] bomb = RawDataSet.ct("1.2.3.100.1", "1.2.3.100")
                .text(0x00090010, "LO", "BOMB")
                .zerosOb(0x00091001, 512L << 20)
                .deflated();
        assertTrue(bomb.length < 2 << 20, "a small message on the wire: " + bomb.length);
        assertQuarantinedWithinHeapBound(f -> storeDeflatedCt(f, "1.2.3.100.1", bomb), "(0009,1001)");
    }

    @Test
    void hugeElementBeforePixelDataIsQuarantinedWhileStreamedToDisk() throws Exception {
        RawDataSet big = RawDataSet.ct("1.2.3.101.1", "1.2.3.101")
                .text(0x00090010, "LO", "BLOB")
                .zerosOb(0x00091001, 200L << 20);
        assertQuarantinedWithinHeapBound(f -> storeCt(f, "1.2.3.101.1", big), "ingest.maxElementKb");
    }

    @Test
    void largeImageWithinTheLimitsIsStoredWithoutReadingItsPixelsIntoMemory() throws Exception {
        RawDataSet image = RawDataSet.ct("1.2.3.102.1", "1.2.3.102").pixelData(200L << 20);
        try (ScpFixture f = new ScpFixture(dir)) {
            long before = scpAllocatedBytes();
            assertEquals(DimseStatus.SUCCESS, storeCt(f, "1.2.3.102.1", image));
            assertBoundedSince(before);
            assertEquals(1, f.accepted().size());
        }
    }

    @Test
    void deflatedDataSetInflatingPastTheInstanceLimitIsQuarantined() throws Exception {
        byte[] deflated = RawDataSet.ct("1.2.3.103.1", "1.2.3.103")
                .zerosOb(0x00291001, 100L << 20)
                .deflated();
        try (ScpFixture f = new ScpFixture(dir, new IngestLimits(64L << 20, 1 << 20, 512 << 10))) {
            assertEquals(DimseStatus.CANNOT_UNDERSTAND, storeDeflatedCt(f, "1.2.3.103.1", deflated));
            assertQuarantinedFor(f, "ingest.maxInstanceMb");
        }
    }

    @Test
    void instanceLargerThanTheLimitIsRefusedOutOfResourcesAndNothingIsKept() throws Exception {
        RawDataSet image = RawDataSet.ct("1.2.3.104.1", "1.2.3.104").pixelData(16L << 20);
        try (ScpFixture f = new ScpFixture(dir, new IngestLimits(8L << 20, 1 << 20, 512 << 10))) {
            assertEquals(DimseStatus.OUT_OF_RESOURCES, storeCt(f, "1.2.3.104.1", image));
            assertEquals(List.of(), f.spooled());
            assertEquals(List.of(), f.quarantined());
            try (var partial = Files.list(f.spool.resolve(".incoming"))) {
                assertEquals(0, partial.count(), "the partial file is gone");
            }
            assertNodeStillStores(f);
        }
    }

    @Test
    void transferCrossingTheFreeSpaceWatermarkIsRefusedOutOfResources() throws Exception {
        RawDataSet image = RawDataSet.ct("1.2.3.105.1", "1.2.3.105").pixelData(96L << 20);
        Files.createDirectories(dir.resolve("spool"));
        long free = Files.getFileStore(dir.resolve("spool")).getUsableSpace();
        // room for the C-STORE to start, not for it to finish
        try (ScpFixture f = new ScpFixture(dir, List.of(), 4, free - (48L << 20), null)) {
            assertEquals(DimseStatus.OUT_OF_RESOURCES, storeCt(f, "1.2.3.105.1", image));
            assertEquals(List.of(), f.spooled());
            assertEquals(0, f.accepted().size());
        }
    }

    @Test
    void commandFragmentFloodAbortsTheAssociation() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            long before = scpAllocatedBytes();
            try (Association a = f.requestVerification("FLOODER")) {
                byte[] fragment = RawPdv.item(1, 0x01, new byte[60_000]); // command, not the last fragment
                int sent = 0;
                try {
                    for (; sent < 2_000; sent++) { // 120 MB if nobody stops it
                        a.writePdu(Association.P_DATA_TF, fragment);
                    }
                } catch (IOException closedByTheNode) {
                    // expected: the node aborted and closed while we were still sending
                }
                assertTrue(sent < 2_000, "the node stopped reading after " + sent + " fragments");
                assertAbortedOrClosed(a);
            }
            assertBoundedSince(before);
            assertEquals(0, Verification.echo(f.ae(), "MODALITY"));
        }
    }

    @Test
    void pdvLengthNearTwoToTheThirtyOneIsAnAbortNotAnException() throws Exception {
        try (ScpFixture f = new ScpFixture(dir);
                Association a = f.requestVerification("FLOODER")) {
            byte[] body = RawPdv.item(1, 0x03, new byte[16]);
            body[0] = 0x7F; // length 0x7FFFFFFC: pos + 4 + len wraps around in int arithmetic
            body[1] = (byte) 0xFF;
            body[2] = (byte) 0xFF;
            body[3] = (byte) 0xFC;
            a.writePdu(Association.P_DATA_TF, body);
            a.setTimeout(10_000);
            assertEquals(Association.A_ABORT, a.readPdu(), "A-ABORT, not a dropped connection");
        }
    }

    @Test
    void callingAeTitleWithLineBreaksIsRejected() throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            AssociationFailure e =
                    assertThrows(AssociationFailure.class, () -> f.requestVerification("X\r\nERROR forged"));
            assertEquals(AssociationFailure.Kind.REJECTED, e.kind());
            assertEquals(RejectReasons.USER_CALLING_AE_NOT_RECOGNIZED, e.rejectReason());
            assertEquals("X\\x0D\\x0AERROR forged", AeTitles.printable("X\r\nERROR forged"));
        }
    }

    @Test
    void instancesWithoutUsableUidsAreQuarantinedNamingTheAttributeNotItsValue() throws Exception {
        String longUid = "1.2.3." + "9".repeat(70);
        try (ScpFixture f = new ScpFixture(dir)) {
            byte[] noStudy = readAll(RawDataSet.ct("1.2.3.106.1", null).pixelData(512));
            assertEquals(
                    DimseStatus.CANNOT_UNDERSTAND,
                    f.storeRaw(RawDataSet.CT_IMAGE, RawDataSet.CT_IMAGE, "1.2.3.106.1", noStudy));
            byte[] overLong = readAll(RawDataSet.ct("1.2.3.106.2", longUid).pixelData(512));
            assertEquals(
                    DimseStatus.CANNOT_UNDERSTAND,
                    f.storeRaw(RawDataSet.CT_IMAGE, RawDataSet.CT_IMAGE, "1.2.3.106.2", overLong));
            assertEquals(0, f.accepted().size());
            List<String> reasons = new ArrayList<>(f.sink.quarantineReasons);
            assertEquals(
                    List.of(
                            "Study Instance UID missing",
                            "Study Instance UID is not a UID of at most 64 digits and dots"),
                    reasons);
        }
    }

    private static byte[] readAll(RawDataSet d) throws IOException {
        return d.stream().readAllBytes();
    }

    /** One C-STORE to the fixture's node, answering its status. */
    @FunctionalInterface
    private interface Store {
        int to(ScpFixture f) throws Exception;
    }

    /**
     * The C-STORE is answered C000 and its bytes quarantined for {@code reasonFragment}, while the Storage SCP's
     * threads allocate less than {@link #HEAP_BOUND}; the node then still stores a good instance.
     */
    private void assertQuarantinedWithinHeapBound(Store store, String reasonFragment) throws Exception {
        try (ScpFixture f = new ScpFixture(dir)) {
            long before = scpAllocatedBytes();
            int status = store.to(f);
            assertEquals(DimseStatus.CANNOT_UNDERSTAND, status);
            assertBoundedSince(before);
            assertQuarantinedFor(f, reasonFragment);
            assertNodeStillStores(f);
        }
    }

    /** A C-STORE of {@code ct}, a CT image data set, streamed in Explicit VR Little Endian. */
    private static int storeCt(ScpFixture f, String sopInstanceUid, RawDataSet ct) throws Exception {
        return f.storeRaw(
                Uids.EXPLICIT_VR_LITTLE_ENDIAN,
                RawDataSet.CT_IMAGE,
                RawDataSet.CT_IMAGE,
                sopInstanceUid,
                ct.stream(),
                ct.length());
    }

    /** A C-STORE of {@code deflated}, a CT image data set already deflated, in Deflated Explicit VR Little Endian. */
    private static int storeDeflatedCt(ScpFixture f, String sopInstanceUid, byte[] deflated) throws Exception {
        return f.storeRaw(
                Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
                RawDataSet.CT_IMAGE,
                RawDataSet.CT_IMAGE,
                sopInstanceUid,
                new ByteArrayInputStream(deflated),
                deflated.length);
    }

    private static void assertAbortedOrClosed(Association a) throws IOException {
        a.setTimeout(10_000);
        try {
            while (true) { // bounded: the node sends at most an abort, then closes
                int type = a.readPdu();
                if (type == Association.A_ABORT) {
                    return;
                }
            }
        } catch (java.io.EOFException | java.net.SocketException closed) {
            // closed after the abort, or before we read it
        }
    }

    private static void assertQuarantinedFor(ScpFixture f, String reasonFragment)
            throws IOException, InterruptedException {
        assertEquals(1, f.quarantined().size(), "the refused bytes are kept for the operator");
        assertEquals(0, f.accepted().size());
        String reason = f.sink.quarantineReasons.get(0);
        assertTrue(reason.contains(reasonFragment), reason);
    }

    private static void assertNodeStillStores(ScpFixture f) throws Exception {
        byte[] good = readAll(RawDataSet.ct("1.2.3.999.1", "1.2.3.999").pixelData(2048));
        assertEquals(DimseStatus.SUCCESS, f.storeRaw(RawDataSet.CT_IMAGE, RawDataSet.CT_IMAGE, "1.2.3.999.1", good));
    }

    private static void assertBoundedSince(long before) {
        long allocated = scpAllocatedBytes() - before;
        assertTrue(allocated < HEAP_BOUND, "the Storage SCP allocated " + (allocated >> 20) + " MB");
    }

    /** Bytes allocated so far by every Storage SCP thread (the pool keeps them alive between associations). */
    private static long scpAllocatedBytes() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("dicom-scp-"))
                .mapToLong(t -> Math.max(0, mx.getThreadAllocatedBytes(t.getId())))
                .sum();
    }
}

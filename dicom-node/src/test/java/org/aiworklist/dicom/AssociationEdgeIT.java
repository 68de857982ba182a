package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Storage SCP's edge against callers that hold or waste associations, and what it accepts from a PACS that
 * forwards whole studies: dcmtk tools as the well-behaved peers, raw associations and sockets as the others.
 */
class AssociationEdgeIT {
    private static final String SEGMENTATION = "1.2.840.10008.5.1.4.1.1.66.4";
    private static final String ENCAPSULATED_PDF = "1.2.840.10008.5.1.4.1.1.104.1";
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aCallerHoldingItsShareOfIdleAssociationsLocksNobodyElseOut() throws Exception {
        AssociationLimits limits = new AssociationLimits(4, 2, GENEROUS, GENEROUS);
        try (ScpFixture f = new ScpFixture(dir, limits, null)) {
            List<Association> held = new ArrayList<>();
            try {
                held.add(f.requestVerification("HOG"));
                held.add(f.requestVerification("HOG"));
                AssociationFailure third = assertThrows(AssociationFailure.class, () -> f.requestVerification("HOG"));
                assertEquals(AssociationFailure.Kind.REJECTED, third.kind(), third.getMessage());
                assertEquals(2, third.rejectResult(), "rejected-transient");
                assertEquals(2, third.rejectReason(), "local-limit-exceeded");

                List<Path> files = TestSeries.write(dir.resolve("ct"), 3, 32).files();
                Dcmtk.Result r = Dcmtk.storescu(f.scp.port(), ScpFixture.AE, "MODALITY", List.of(), files);
                assertEquals(0, r.exitCode(), r.output());
                assertEquals(3, f.accepted().size(), "another caller stores at once");
            } finally {
                for (Association a : held) {
                    a.close();
                }
            }
        }
    }

    @Test
    void aSilentAssociationIsAbortedAndItsSlotFreed() throws Exception {
        AssociationLimits limits = new AssociationLimits(2, 1, GENEROUS, Duration.ofSeconds(1));
        try (ScpFixture f = new ScpFixture(dir, limits, null)) {
            try (Association idle = f.requestVerification("SLEEPER")) {
                // the next thing the SCP sends on a silent association is its A-ABORT
                assertThrows(Association.PeerAbort.class, idle::readCommand);
            }
            try (Association again = f.requestVerification("SLEEPER")) {
                again.release();
            }
        }
    }

    @Test
    void aConnectionThatNeverAsksForAnAssociationIsClosedByTheArtimTimer() throws Exception {
        AssociationLimits limits = new AssociationLimits(2, 1, Duration.ofSeconds(1), GENEROUS);
        try (ScpFixture f = new ScpFixture(dir, limits, null);
                Socket silent = new Socket(InetAddress.getLoopbackAddress(), f.scp.port())) {
            silent.setSoTimeout((int) GENEROUS.toMillis());
            try (InputStream in = silent.getInputStream()) {
                assertEquals(-1, in.read(), "closed without a PDU");
            }
        }
    }

    @Test
    void segmentationsAndPdfsFromAForwardingPacsAreStored() throws Exception {
        try (ScpFixture f = new ScpFixture(dir, AssociationLimits.of(4), null)) {
            Path seg = asSegmentation(
                    TestSeries.write(dir.resolve("ct"), 1, 32).files().get(0));
            Path pdf = encapsulatedPdf();
            Dcmtk.Result r = Dcmtk.storescu(f.scp.port(), ScpFixture.AE, "PACS", List.of(), List.of(seg, pdf));
            assertEquals(0, r.exitCode(), r.output());
            assertEquals(
                    Set.of(SEGMENTATION, ENCAPSULATED_PDF),
                    Set.copyOf(f.accepted().stream()
                            .map(i -> i.attributes().sopClassUid())
                            .toList()));
        }
    }

    @Test
    void refusedClassesAreRefusedPerContext() throws Exception {
        try (ScpFixture f =
                new ScpFixture(dir, AssociationLimits.of(4), new SopClassPolicy(Set.of(), Set.of(ENCAPSULATED_PDF)))) {
            Dcmtk.Result r = Dcmtk.storescu(f.scp.port(), ScpFixture.AE, "PACS", List.of(), List.of(encapsulatedPdf()));
            assertTrue(r.exitCode() != 0, "storescu reports the refused context: " + r.output());
            assertEquals(List.of(), f.accepted());
        }
    }

    /** The same data set under the Segmentation Storage SOP class: what matters here is the class negotiated. */
    private Path asSegmentation(Path ct) throws Exception {
        Path seg = dir.resolve("seg.dcm");
        Files.copy(ct, seg);
        Dcmtk.Result r = Dcmtk.run(
                "dcmodify", "-nb", "-m", "(0008,0016)=" + SEGMENTATION, "-m", "(0008,0060)=SEG", seg.toString());
        assertEquals(0, r.exitCode(), r.output());
        return seg;
    }

    /** dcmtk's pdf2dcm wraps a (tiny) PDF as an Encapsulated PDF instance. */
    private Path encapsulatedPdf() throws IOException, InterruptedException {
        Path pdf = dir.resolve("report.pdf");
        if (!Files.exists(pdf)) {
            Files.writeString(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", StandardCharsets.US_ASCII);
        }
        Path out = dir.resolve("report.dcm");
        Dcmtk.Result r = Dcmtk.run(
                "pdf2dcm", "+pn", "Test^Pdf", "+pi", "PDF-1", "--title", "report", pdf.toString(), out.toString());
        assertEquals(0, r.exitCode(), r.output());
        return out;
    }
}

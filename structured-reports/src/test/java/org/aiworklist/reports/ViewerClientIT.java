package org.aiworklist.reports;

import static org.aiworklist.reports.SyntheticSources.CT_ORIGIN;
import static org.aiworklist.reports.SyntheticSources.CT_SLICE_GAP;
import static org.aiworklist.reports.SyntheticSources.CT_SPACING;
import static org.aiworklist.reports.SyntheticSources.CT_Z0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.aiworklist.common.Finding;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.SegmentFrame;
import org.aiworklist.common.Segmentation;
import org.aiworklist.common.phantom.NoduleMasks;
import org.junit.jupiter.api.Test;

/**
 * Our results as OHIF reads them. The SR: viewer-clients/sr-annotations.mjs runs dcmjs and @cornerstonejs/adapters'
 * MeasurementReport.generateToolState on an SR for a synthetic CT, and each finding must come back as one
 * annotation on the source slice through its centre, at its centre. The SEG: viewer-clients/seg-read.mjs loads it
 * with the adapters' Cornerstone3D Segmentation.createFromDICOMSegBuffer, and each segment must land on its source
 * slices with its voxels. Needs node and the npm packages of viewer-clients/ (./aiworklist test installs both).
 */
class ViewerClientIT {

    @Test
    void cornerstoneAdaptersExtractOneCirclePerFindingOnItsCentreSlice() throws Exception {
        ViewerClients clients = new ViewerClients(Path.of(".."));
        Path dir = Path.of("target", "viewer-client");
        SyntheticSources.Series ct = SyntheticSources.ct(
                dir.resolve("sources"),
                new SyntheticSources.Patient("viewer", null, "Test^Viewer", "SYN-V", "CHEST"),
                20,
                new int[][] {{64, 70, 10}, {40, 50, 14}, {90, 60, 5}});
        List<Finding> findings = List.of(
                finding("nodule-1", ct, 64, 70, 10, 0, 5.6),
                finding("nodule-2", ct, 40, 50, 14, 0, 4.2),
                // 1 mm above slice 5 (half the 2.5 mm gap is 1.25): slice 5 is still the nearest
                finding("nodule-3", ct, 90, 60, 5, 1.0, 6.0));
        InferenceResult result = new InferenceResult(ResultWritersIT.ALGORITHM, findings, ct.refs());
        Path sr = dir.resolve("sr.dcm");
        new StructuredReportWriter(ResultWritersIT.DEVICE)
                .write(
                        result,
                        ct.instances(),
                        new ResultIdentity(ResultWritersIT.ROOT, "job/viewer-client", 1, null),
                        sr);

        JsonNode out = clients.run("sr-annotations.mjs", sr, dir.resolve("sources"));
        System.out.println("sr-annotations: adapters " + out.path("adapters").asText() + ", dcmjs "
                + out.path("dcmjs").asText() + ", " + out.path("groups").asInt() + " groups, "
                + out.path("annotations").size() + " annotations");
        JsonNode annotations = out.path("annotations");
        assertEquals(findings.size(), annotations.size(), "one annotation per finding:\n" + out.toPrettyString());
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            JsonNode a = annotations.get(i);
            assertEquals("CircleROI", a.path("toolType").asText(), f.trackingId());
            assertEquals(
                    f.sourceImage().sopInstanceUid(),
                    a.path("referencedSOPInstanceUID").asText(),
                    f.trackingId());
            assertEquals("source", a.path("geometry").asText());
            assertEquals(ct.frameOfReferenceUid(), a.path("frameOfReferenceUID").asText());
            JsonNode points = a.path("points");
            assertEquals(2, points.size(), "CircleROI: centre and a point on the circle");
            // The circle lies in the slice plane: the centre projected onto it, radius = half the diameter.
            double sliceZ = CT_Z0 + sliceOf(f, ct) * CT_SLICE_GAP;
            double[] c = xyz(points.get(0));
            double[] e = xyz(points.get(1));
            assertEquals(f.centrePatientMm()[0], c[0], 1e-3, f.trackingId());
            assertEquals(f.centrePatientMm()[1], c[1], 1e-3, f.trackingId());
            assertEquals(sliceZ, c[2], 1e-3, f.trackingId());
            assertEquals(sliceZ, e[2], 1e-3, f.trackingId());
            assertEquals(f.diameterMm() / 2, Math.hypot(e[0] - c[0], e[1] - c[1]), 1e-3, f.trackingId());
        }
    }

    @Test
    void cornerstoneAdapterPutsEachSegmentOnItsSourceSlicesWithItsVoxels() throws Exception {
        ViewerClients clients = new ViewerClients(Path.of(".."));
        Path dir = Path.of("target", "viewer-client-seg");
        PhantomSources ct = PhantomSources.write(dir.resolve("sources"));
        Segmentation binary = NoduleMasks.of(ct.phantom(), ct.refs(), false);
        // The same masks as a FRACTIONAL SEG of 0 and 255 only: the adapter reads those (not other fractions).
        List<SegmentFrame> crisp = binary.frames().stream()
                .map(f -> {
                    byte[] v = f.values().clone();
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (byte) (v[i] == 0 ? 0 : 255);
                    }
                    return new SegmentFrame(f.segmentNumber(), f.sourceImage(), f.rows(), f.columns(), v);
                })
                .toList();
        Map<String, Integer> expected = new TreeMap<>();
        for (SegmentFrame f : binary.frames()) {
            int n = 0;
            for (byte v : f.values()) {
                n += v;
            }
            if (n > 0) {
                expected.put(f.segmentNumber() + " " + f.sourceImage().sopInstanceUid(), n);
            }
        }
        SegmentationWriter writer = new SegmentationWriter(ResultWritersIT.DEVICE);
        for (Segmentation s : List.of(binary, new Segmentation(binary.segments(), true, crisp))) {
            Path seg = dir.resolve(s.fractional() ? "seg-fractional.dcm" : "seg.dcm");
            writer.write(
                    new InferenceResult(ResultWritersIT.ALGORITHM, List.of(), Optional.of(s), ct.refs()),
                    ct.instances(),
                    new ResultIdentity(ResultWritersIT.ROOT, "job/viewer-seg", 1, null),
                    seg);
            JsonNode out = clients.run("seg-read.mjs", seg, dir.resolve("sources"));
            String kind = s.fractional() ? "fractional" : "binary";
            System.out.println("seg-read " + kind + ": adapters "
                    + out.path("adapters").asText() + ", " + out.path("frames").size() + " frames, "
                    + out.path("voxels").size() + " segment slices");

            assertEquals(1, out.path("labelmaps").asInt(), kind + ": segments do not overlap: one labelmap");
            assertEquals(binary.segments().size(), out.path("segments").size(), kind);
            List<Integer> adapterSegments = new ArrayList<>();
            out.path("adapterSegments").forEach(n -> adapterSegments.add(n.asInt()));
            assertEquals(List.of(1, 2), adapterSegments, kind + ": the adapter knows both segments by number");
            for (int i = 0; i < binary.segments().size(); i++) {
                JsonNode segment = out.path("segments").get(i);
                assertEquals(
                        binary.segments().get(i).label(), segment.path("label").asText());
                assertEquals("27925004|SCT|Nodule", segment.path("type").asText());
                assertEquals("AUTOMATIC", segment.path("algorithmType").asText());
            }
            Map<String, Integer> read = new TreeMap<>();
            out.path("voxels")
                    .forEach(v -> read.put(
                            v.path("segmentNumber").asInt() + " "
                                    + v.path("referencedSOPInstanceUID").asText(),
                            v.path("count").asInt()));
            assertEquals(expected, read, kind + ": each segment's voxels on each of its source slices");
            // the adapter places the segments in patient space: centroids at the planted nodules
            for (int n = 1; n <= binary.segments().size(); n++) {
                JsonNode c = out.path("centroids").path(Integer.toString(n));
                double[] truth = ct.phantom().nodules().get(n - 1).centre();
                double[] centroid = {
                    c.path("x").asDouble(), c.path("y").asDouble(), c.path("z").asDouble()
                };
                System.out.printf(
                        java.util.Locale.ROOT,
                        "seg-read %s segment %d: centroid %.2f mm from the planted nodule%n",
                        kind,
                        n,
                        Math.hypot(Math.hypot(centroid[0] - truth[0], centroid[1] - truth[1]), centroid[2] - truth[2]));
                assertEquals(truth[0], centroid[0], ct.phantom().pixelSpacingMm(), kind + " x");
                assertEquals(truth[1], centroid[1], ct.phantom().pixelSpacingMm(), kind + " y");
                assertEquals(truth[2], centroid[2], ct.phantom().sliceThicknessMm(), kind + " z");
            }
        }
    }

    private static int sliceOf(Finding f, SyntheticSources.Series ct) {
        return ct.refs().indexOf(f.sourceImage());
    }

    private static double[] xyz(JsonNode point) {
        return new double[] {
            point.get(0).asDouble(), point.get(1).asDouble(), point.get(2).asDouble()
        };
    }

    /** A finding centred on pixel (col,row) of a slice, dz mm off its plane; the slice is its source image. */
    private static Finding finding(
            String id, SyntheticSources.Series s, int col, int row, int slice, double dz, double diameter) {
        double[] centre = {CT_ORIGIN + col * CT_SPACING, CT_ORIGIN + row * CT_SPACING, CT_Z0 + slice * CT_SLICE_GAP + dz
        };
        return new Finding(
                id,
                ResultWritersIT.NODULE,
                ResultWritersIT.LUNG,
                s.ref(slice),
                col,
                row,
                centre,
                s.frameOfReferenceUid(),
                diameter,
                Double.NaN,
                0.9);
    }
}

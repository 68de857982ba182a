package org.aiworklist.reports;

import static org.aiworklist.reports.SyntheticSources.CT_ORIGIN;
import static org.aiworklist.reports.SyntheticSources.CT_SLICE_GAP;
import static org.aiworklist.reports.SyntheticSources.CT_SPACING;
import static org.aiworklist.reports.SyntheticSources.CT_Z0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.aiworklist.common.Finding;
import org.aiworklist.common.InferenceResult;
import org.junit.jupiter.api.Test;

/**
 * Our SR as OHIF hydrates it: viewer-clients/sr-annotations.mjs runs dcmjs and @cornerstonejs/adapters'
 * MeasurementReport.generateToolState on an SR for a synthetic CT, and each finding must come back as one
 * annotation on the source slice through its centre, at its centre. Needs node and the npm packages of
 * viewer-clients/ (./aiworklist test installs both).
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

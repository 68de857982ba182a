package org.aiworklist.inference.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aiworklist.common.SegmentFrame;
import org.aiworklist.common.Segmentation;
import org.aiworklist.inference.TestSeries;
import org.aiworklist.inference.manifest.SegmentationContract;
import org.aiworklist.inference.manifest.SegmentationContract.Activation;
import org.aiworklist.inference.manifest.SegmentationContract.Decision;
import org.aiworklist.inference.manifest.SegmentationContract.ScoreMap;
import org.aiworklist.inference.volume.ModelGrid;
import org.aiworklist.inference.volume.Volume;
import org.aiworklist.inference.volume.VolumeAssembler;
import org.junit.jupiter.api.Test;

class SourceMasksTest {
    /** A ball of radius 8 mm around (10, 12, 6) in a 16 x 24 x 20 series at 1 mm. */
    private static boolean inBall(double x, double y, double z) {
        return (x - 10) * (x - 10) + (y - 12) * (y - 12) + (z - 6) * (z - 6) <= 64;
    }

    private static final SegmentationContract BINARY = new SegmentationContract(
            ScoreMap.PROBABILITIES,
            Activation.NONE,
            false,
            Decision.THRESHOLD,
            0.5,
            List.of(SegmentScoresTest.segment(0, "ball")));

    /** Scores on a volume's own grid: 1 inside the ball, 0 outside, at each voxel's patient position. */
    private static float[] ballScores(Volume v) {
        float[] s = new float[v.depth() * v.height() * v.width()];
        for (int k = 0; k < v.depth(); k++) {
            for (int j = 0; j < v.height(); j++) {
                for (int i = 0; i < v.width(); i++) {
                    double[] p = v.toPatient(k, j, i);
                    s[(k * v.height() + j) * v.width() + i] = inBall(p[0], p[1], p[2]) ? 1 : 0;
                }
            }
        }
        return s;
    }

    private static int countOnSource(Segmentation seg) {
        int n = 0;
        for (SegmentFrame f : seg.frames()) {
            for (byte b : f.values()) {
                n += b;
            }
        }
        return n;
    }

    @Test
    void onTheSourceGridMasksAreTheScoresCutAtTheThreshold() throws Exception {
        var slices = TestSeries.of(16, 24, 20, 1.0, TestSeries.axial(), (x, y, z) -> 0);
        Volume v = new VolumeAssembler((double[]) null).assemble(slices);
        Segmentation seg = SourceMasks.of(v, ModelGrid.of(v, null), BINARY, List.of(ballScores(v)));
        int expected = 0;
        for (int k = 0; k < 16; k++) {
            for (int r = 0; r < 24; r++) {
                for (int c = 0; c < 20; c++) {
                    expected += inBall(c, r, k) ? 1 : 0;
                }
            }
        }
        assertEquals(expected, countOnSource(seg));
        assertEquals(expected, seg.segments().get(0).volumeMm3(), 1e-9, "1 mm³ voxels");
        assertEquals(15, seg.frames().size(), "the ball reaches z = 14: slice 15 holds none of it");
        for (SegmentFrame f : seg.frames()) {
            int k = Integer.parseInt(f.sourceImage().sopInstanceUid().replace("2.25.2.", ""));
            for (int r = 0; r < 24; r++) {
                for (int c = 0; c < 20; c++) {
                    assertEquals(
                            inBall(c, r, k) ? 1 : 0, f.values()[r * 20 + c], "slice " + k + " (" + r + "," + c + ")");
                }
            }
        }
    }

    @Test
    void aCoarserModelGridIsInterpolatedBackToEverySourcePixel() throws Exception {
        var slices = TestSeries.of(16, 24, 20, 1.0, TestSeries.axial(), (x, y, z) -> 0);
        Volume coarse = new VolumeAssembler(new double[] {2, 2, 2}).assemble(slices);
        assertEquals(8, coarse.depth());
        Segmentation seg = SourceMasks.of(coarse, ModelGrid.of(coarse, null), BINARY, List.of(ballScores(coarse)));
        int wrong = 0;
        int truth = 0;
        for (SegmentFrame f : seg.frames()) {
            assertEquals(24, f.rows());
            assertEquals(20, f.columns());
        }
        int[][] masks = new int[16][24 * 20];
        for (SegmentFrame f : seg.frames()) {
            int k = Integer.parseInt(f.sourceImage().sopInstanceUid().replace("2.25.2.", ""));
            for (int i = 0; i < f.values().length; i++) {
                masks[k][i] = f.values()[i];
            }
        }
        for (int k = 0; k < 16; k++) {
            for (int r = 0; r < 24; r++) {
                for (int c = 0; c < 20; c++) {
                    boolean in = inBall(c, r, k);
                    truth += in ? 1 : 0;
                    wrong += (in ? 1 : 0) != masks[k][r * 20 + c] ? 1 : 0;
                }
            }
        }
        // A 2 mm grid can only be off along the ball's surface.
        assertTrue(wrong < 0.2 * truth, wrong + " of " + truth + " pixels differ");
        assertEquals(truth, seg.segments().get(0).volumeMm3(), 0.15 * truth);
    }

    @Test
    void fractionalFramesCarryTheProbabilityTimes255() throws Exception {
        var slices = TestSeries.of(3, 4, 5, 1.0, TestSeries.axial(), (x, y, z) -> 0);
        Volume v = new VolumeAssembler((double[]) null).assemble(slices);
        float[] half = new float[3 * 4 * 5];
        half[(1 * 4 + 2) * 5 + 3] = 0.5f;
        half[(1 * 4 + 2) * 5 + 4] = 1f;
        SegmentationContract fractional = new SegmentationContract(
                ScoreMap.PROBABILITIES, Activation.NONE, true, null, 0, List.of(SegmentScoresTest.segment(0, "p")));
        Segmentation seg = SourceMasks.of(v, ModelGrid.of(v, null), fractional, List.of(half));
        assertTrue(seg.fractional());
        assertEquals(1, seg.frames().size());
        SegmentFrame f = seg.frames().get(0);
        assertEquals("2.25.2.1", f.sourceImage().sopInstanceUid());
        assertEquals(128, f.values()[2 * 5 + 3] & 0xff);
        assertEquals(255, f.values()[2 * 5 + 4] & 0xff);
        assertEquals((128 + 255) / 255.0, seg.segments().get(0).volumeMm3(), 1e-9);
    }
}

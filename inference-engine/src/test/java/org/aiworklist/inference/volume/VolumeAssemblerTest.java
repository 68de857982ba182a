package org.aiworklist.inference.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.inference.volume.VolumeException.Reason;
import org.junit.jupiter.api.Test;

class VolumeAssemblerTest {
    private static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    /** Slice whose value is a ramp in x plus its z, so sorting and resampling can be checked exactly. */
    private static ImageSlice slice(String series, double z, double[] orientation, int size, double spacing) {
        float[] values = new float[size * size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                values[r * size + c] = (float) (c * spacing + 10 * z);
            }
        }
        ImageReference ref = new ImageReference("2.25.1", series, "1.2.840.10008.5.1.4.1.1.2", series + "." + z);
        return new ImageSlice(
                ref,
                "CT",
                "2.25.9",
                size,
                size,
                new double[] {-50, -40, z},
                orientation,
                new double[] {spacing, spacing},
                2.5,
                values);
    }

    private static List<ImageSlice> stack(int count, double spacing) {
        List<ImageSlice> slices = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slices.add(slice("2.25.2", -i * spacing, AXIAL, 32, 1.0));
        }
        return slices;
    }

    /** An axial stack of count slices 2.5 mm apart, then one more slice that does not fit it. */
    private static List<ImageSlice> stackWith(int count, ImageSlice extra) {
        List<ImageSlice> slices = stack(count, 2.5);
        slices.add(extra);
        return slices;
    }

    private static void assertRejected(Reason expected, List<ImageSlice> slices) {
        assertEquals(
                expected,
                assertThrows(VolumeException.class, () -> new VolumeAssembler(null).assemble(slices))
                        .reason());
    }

    @Test
    void shuffledSlicesAreSortedAlongTheNormalAndResampled() throws Exception {
        List<ImageSlice> slices = stack(11, 2.5);
        Collections.shuffle(slices, new Random(3));
        Volume v = new VolumeAssembler(new double[] {5.0, 2.0, 2.0}).assemble(slices);
        assertEquals(6, v.depth());
        assertEquals(16, v.height());
        assertEquals(16, v.width());
        assertEquals(11, v.sources().size());
        // Ascending along the normal (+z): first voxel plane is the lowest slice.
        assertArrayEquals(new double[] {-50, -40, -25}, v.toPatient(0, 0, 0), 1e-9);
        assertArrayEquals(new double[] {-50 + 2 * 3, -40 + 2 * 4, -25 + 5 * 2}, v.toPatient(2, 4, 3), 1e-9);
        assertArrayEquals(new double[] {2, 4, 3}, v.toVoxel(v.toPatient(2, 4, 3)), 1e-9);
        // Linear data survives linear resampling (away from the in-plane edge).
        assertEquals(2 * 5 + 10 * (-25 + 2 * 5.0), v.at(2, 4, 5), 1e-3);
        assertEquals("2.25.2.-15.0", v.nearestSource(2).reference().sopInstanceUid());
        assertEquals(10.0, v.sourceColumn(5), 1e-9);
    }

    @Test
    void emptySeriesIsRejected() {
        assertRejected(Reason.EMPTY, List.of());
    }

    @Test
    void mixedOrientationsAreRejected() {
        List<ImageSlice> slices = stack(5, 2.5);
        slices.set(3, slice("2.25.2", -7.5, new double[] {1, 0, 0, 0, 0.9, -0.43589}, 32, 1.0));
        assertRejected(Reason.MIXED_ORIENTATION, slices);
    }

    @Test
    void missingSliceIsAGapNotSomethingToInterpolate() {
        List<ImageSlice> slices = stack(8, 2.5);
        slices.remove(4);
        VolumeException e = assertThrows(VolumeException.class, () -> new VolumeAssembler(null).assemble(slices));
        assertEquals(Reason.MISSING_SLICE, e.reason());
        assertTrue(e.getMessage().contains("gap of 5.00 mm"), e.getMessage());
    }

    @Test
    void duplicatePositionsAreRejected() {
        assertRejected(Reason.DUPLICATE_SLICE, stackWith(6, slice("2.25.2", -5.0, AXIAL, 32, 1.0)));
    }

    @Test
    void mixedSeriesSizesAndSpacingsAreRejected() {
        assertRejected(Reason.MIXED_SERIES, stackWith(4, slice("2.25.3", -10, AXIAL, 32, 1.0)));
        assertRejected(Reason.MIXED_DIMENSIONS, stackWith(4, slice("2.25.2", -10, AXIAL, 16, 1.0)));
        assertRejected(Reason.MIXED_SPACING, stackWith(4, slice("2.25.2", -10, AXIAL, 32, 1.2)));
    }

    @Test
    void planarImageHasNoPatientCoordinates() throws Exception {
        ImageSlice cr = slice("2.25.4", 0, null, 64, 0.5);
        Volume v = new VolumeAssembler(new double[] {1, 1, 1}).planar(cr);
        assertFalse(v.volumetric());
        assertEquals(1, v.depth());
        assertEquals(32, v.width());
        assertEquals(20.0, v.sourceColumn(10), 1e-9);
        assertThrows(IllegalStateException.class, () -> v.toPatient(0, 0, 0));
    }
}

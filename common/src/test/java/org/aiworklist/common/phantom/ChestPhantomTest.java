package org.aiworklist.common.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.ImageSlice;
import org.junit.jupiter.api.Test;

class ChestPhantomTest {
    private static final PhantomSpec SMALL =
            PhantomSpec.defaults().withSlices(40).withMatrix(128, 2.8).withSeed(42);

    @Test
    void sameSeedGivesSameStudyAndOtherSeedsDiffer() {
        PhantomStudy a = ChestPhantom.generate(SMALL);
        PhantomStudy b = ChestPhantom.generate(SMALL);
        PhantomStudy c = ChestPhantom.generate(SMALL.withSeed(43));
        for (int k = 0; k < a.slices(); k++) {
            assertArrayEquals(a.slice(k), b.slice(k), "slice " + k);
        }
        assertEquals(a.nodules(), b.nodules());
        assertEquals(a.toJson(), b.toJson());
        assertFalse(a.nodules().equals(c.nodules()));
    }

    @Test
    void nodulesAreSolidSpheresInsideAeratedLungAndApart() {
        PhantomStudy study = ChestPhantom.generate(SMALL.withNodules(4, 6, 14));
        assertEquals(4, study.nodules().size());
        List<PlantedNodule> seen = new ArrayList<>();
        for (PlantedNodule n : study.nodules()) {
            assertTrue(n.diameterMm() >= 6 && n.diameterMm() <= 14, "diameter " + n.diameterMm());
            assertTrue(meanHu(study, n.xMm(), n.yMm(), n.zMm(), 0) > -150, "nodule core is solid");
            // 4 mm beyond the edge (same slice) is lung, unless a vessel happens to run there: use a median-ish test.
            double around = meanHu(study, n.xMm() + n.diameterMm() / 2 + 6, n.yMm(), n.zMm(), 1);
            assertTrue(around < -500, "lung around the nodule: " + around);
            for (PlantedNodule other : seen) {
                assertTrue(other.distanceTo(n.centre()) > (other.diameterMm() + n.diameterMm()) / 2, "overlap");
            }
            seen.add(n);
        }
    }

    @Test
    void geometryAndSeriesMatchTheSpec() {
        PhantomStudy study = ChestPhantom.generate(SMALL);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, study.orientation());
        assertEquals(-SMALL.sliceThicknessMm(), study.imagePosition(1)[2] - study.imagePosition(0)[2], 1e-9);
        int count = 0;
        for (ImageSlice slice : study.asSeries("2.25.1", "2.25.2", "2.25.3")) {
            assertEquals("2.25.2." + (count + 1), slice.reference().sopInstanceUid());
            assertEquals(study.slice(count)[500], slice.values()[500]);
            count++;
        }
        assertEquals(SMALL.slices(), count);
        // Air outside the body at the image corner, table or body elsewhere.
        assertTrue(study.slice(20)[0] < -900);
        assertTrue(study.toJson().contains("\"nodules\": ["));
    }

    private static double meanHu(PhantomStudy study, double x, double y, double z, int halfSize) {
        double[] first = study.imagePosition(0);
        int k = (int) Math.round((first[2] - z) / study.sliceThicknessMm());
        int c = (int) Math.round((x - first[0]) / study.pixelSpacingMm());
        int r = (int) Math.round((y - first[1]) / study.pixelSpacingMm());
        double sum = 0;
        int n = 0;
        for (int dr = -halfSize; dr <= halfSize; dr++) {
            for (int dc = -halfSize; dc <= halfSize; dc++) {
                sum += study.slice(k)[(r + dr) * study.columns() + c + dc];
                n++;
            }
        }
        return sum / n;
    }
}

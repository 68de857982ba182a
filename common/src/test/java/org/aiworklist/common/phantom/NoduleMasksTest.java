package org.aiworklist.common.phantom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.Segment;
import org.aiworklist.common.SegmentFrame;
import org.aiworklist.common.Segmentation;
import org.junit.jupiter.api.Test;

class NoduleMasksTest {
    private static final PhantomStudy STUDY = ChestPhantom.generate(
            PhantomSpec.defaults().withSlices(30).withMatrix(192, 1.9).withNodules(2, 9, 12));

    @Test
    void oneSphereSegmentPerNoduleOnTheSlicesItCrosses() {
        List<ImageReference> slices = slices();
        Segmentation seg = NoduleMasks.of(STUDY, slices, false);
        assertEquals(STUDY.nodules().size(), seg.segments().size());
        for (Segment s : seg.segments()) {
            PlantedNodule n = STUDY.nodules().get(s.number() - 1);
            double r = n.diameterMm() / 2;
            double sphere = 4.0 / 3 * Math.PI * r * r * r;
            assertEquals(sphere, s.volumeMm3(), 0.15 * sphere, s.label());
            assertEquals(NoduleMasks.NODULE, s.type());
            for (SegmentFrame f : seg.frames()) {
                if (f.segmentNumber() != s.number()) {
                    continue;
                }
                double z = STUDY.imagePosition(slices.indexOf(f.sourceImage()))[2];
                assertTrue(Math.abs(z - n.zMm()) <= r, "frame on a slice the sphere crosses");
                for (byte v : f.values()) {
                    assertTrue(v == 0 || v == 1, "binary");
                }
            }
        }
    }

    @Test
    void fractionalMasksHaveAPartialEdgeAndTheSameVolume() {
        Segmentation binary = NoduleMasks.of(STUDY, slices(), false);
        Segmentation fractional = NoduleMasks.of(STUDY, slices(), true);
        assertTrue(fractional.fractional());
        int partial = 0;
        for (SegmentFrame f : fractional.frames()) {
            for (byte v : f.values()) {
                partial += (v & 0xff) > 0 && (v & 0xff) < 255 ? 1 : 0;
            }
        }
        assertTrue(partial > 0, "edge voxels hold fractions");
        for (int i = 0; i < binary.segments().size(); i++) {
            double b = binary.segments().get(i).volumeMm3();
            assertEquals(b, fractional.segments().get(i).volumeMm3(), 0.1 * b);
        }
    }

    @Test
    void needsOneReferencePerSlice() {
        assertThrows(
                IllegalArgumentException.class,
                () -> NoduleMasks.of(STUDY, slices().subList(1, STUDY.slices()), false));
    }

    private static List<ImageReference> slices() {
        List<ImageReference> refs = new ArrayList<>();
        for (int k = 0; k < STUDY.slices(); k++) {
            refs.add(new ImageReference("2.25.1", "2.25.2", PhantomStudy.CT_IMAGE_STORAGE, "2.25.2." + (k + 1)));
        }
        return refs;
    }
}

package org.aiworklist.inference.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.phantom.ChestPhantom;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PhantomStudy;
import org.aiworklist.inference.TestModels;
import org.aiworklist.inference.volume.VolumeException;
import org.aiworklist.inference.volume.VolumeException.Reason;
import org.junit.jupiter.api.Test;

class SeriesContractTest {
    private static final PhantomStudy STUDY =
            ChestPhantom.generate(PhantomSpec.defaults().withSlices(24).withMatrix(64, 5.6));

    private static List<ImageSlice> series() {
        List<ImageSlice> slices = new ArrayList<>();
        STUDY.asSeries("2.25.1", "2.25.2", "2.25.3").forEach(slices::add);
        return slices;
    }

    private static ImageSlice with(ImageSlice s, String modality, String sopClass, double thickness) {
        ImageReference r = s.reference();
        return new ImageSlice(
                new ImageReference(r.studyInstanceUid(), r.seriesInstanceUid(), sopClass, r.sopInstanceUid()),
                modality,
                s.frameOfReferenceUid(),
                s.rows(),
                s.columns(),
                s.imagePositionPatient(),
                s.imageOrientationPatient(),
                s.pixelSpacing(),
                thickness,
                s.values());
    }

    @Test
    void acceptsTheDemoContract() throws Exception {
        assertEquals(
                24,
                HeatmapDetector.assemble(TestModels.demo(), series()).sources().size());
    }

    @Test
    void rejectsWhatTheModelWasNotMadeFor() {
        List<ImageSlice> mr = series();
        mr.set(5, with(mr.get(5), "MR", "1.2.840.10008.5.1.4.1.1.4", 2.5));
        assertRejected(mr, "modality MR");
        List<ImageSlice> thick = series();
        thick.set(0, with(thick.get(0), "CT", "1.2.840.10008.5.1.4.1.1.2", 5.0));
        assertRejected(thick, "slice thickness 5.0");
        assertRejected(series().subList(0, 10), "10 slices, model needs at least 20");
    }

    private static void assertRejected(List<ImageSlice> slices, String why) {
        VolumeException e =
                assertThrows(VolumeException.class, () -> HeatmapDetector.assemble(TestModels.demo(), slices));
        assertEquals(Reason.OUTSIDE_INPUT_CONTRACT, e.reason());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}

package org.aiworklist.inference.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aiworklist.common.Finding;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.phantom.ChestPhantom;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PhantomStudy;
import org.aiworklist.common.phantom.PlantedNodule;
import org.aiworklist.inference.InferenceEngine;
import org.aiworklist.inference.TestModels;
import org.aiworklist.inference.manifest.ModelManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo model on 20 phantom studies it has never seen (training used seeds 1000-1047 and 2000-2003):
 * sensitivity for nodules of 6 mm and more, false positives per study, and the geometry of each hit.
 */
class DetectionQualityIT {
    private static final long FIRST_SEED = 9000;
    private static final int STUDIES = 20;
    private static final int SLICES = 60;

    @TempDir
    Path engineCache;

    @Test
    void findsPlantedNodulesOnUnseenPhantoms() throws Exception {
        ModelManifest manifest = TestModels.demo();
        int eligible = 0;
        int found = 0;
        int falsePositives = 0;
        List<Double> diameterErrors = new ArrayList<>();
        try (InferenceEngine engine = InferenceEngine.onThisMachine(1, engineCache)) {
            for (long seed = FIRST_SEED; seed < FIRST_SEED + STUDIES; seed++) {
                PhantomStudy study = ChestPhantom.generate(
                        PhantomSpec.defaults().withSeed(seed).withSlices(SLICES));
                String series = "2.25.7." + seed;
                InferenceResult result = engine.infer(manifest, study.asSeries("2.25.7", series, "2.25.8." + seed));
                assertEquals(SLICES, result.imagesUsed().size());
                List<Finding> unmatched = new ArrayList<>(result.findings());
                for (PlantedNodule nodule : study.nodules()) {
                    Finding hit = nearest(unmatched, nodule);
                    boolean matched = hit != null
                            && nodule.distanceTo(hit.centrePatientMm()) <= Math.max(5, nodule.diameterMm() / 2);
                    if (matched) {
                        unmatched.remove(hit);
                        checkGeometry(study, series, nodule, hit);
                        diameterErrors.add(hit.diameterMm() - nodule.diameterMm());
                    }
                    if (nodule.diameterMm() >= 6) {
                        eligible++;
                        found += matched ? 1 : 0;
                    }
                }
                falsePositives += unmatched.size();
            }
        }
        double sensitivity = (double) found / eligible;
        double fpPerStudy = (double) falsePositives / STUDIES;
        double meanAbsDiameterError =
                diameterErrors.stream().mapToDouble(Math::abs).average().orElse(Double.NaN);
        System.out.printf(
                Locale.ROOT,
                "QUALITY %d studies x %d slices: sensitivity (>= 6 mm) %d/%d = %.3f, "
                        + "false positives %.2f per study, mean |diameter error| %.2f mm over %d hits%n",
                STUDIES,
                SLICES,
                found,
                eligible,
                sensitivity,
                fpPerStudy,
                meanAbsDiameterError,
                diameterErrors.size());
        assertTrue(sensitivity >= 0.9, "sensitivity " + sensitivity);
        assertTrue(fpPerStudy <= 1.0, "false positives per study " + fpPerStudy);
        assertTrue(meanAbsDiameterError < 2.0, "diameter error " + meanAbsDiameterError);
    }

    private static Finding nearest(List<Finding> findings, PlantedNodule nodule) {
        Finding best = null;
        for (Finding f : findings) {
            if (best == null || nodule.distanceTo(f.centrePatientMm()) < nodule.distanceTo(best.centrePatientMm())) {
                best = f;
            }
        }
        return best;
    }

    /** The SR needs the right source slice and the centre in that slice's pixels. */
    private static void checkGeometry(PhantomStudy study, String series, PlantedNodule nodule, Finding hit) {
        double[] first = study.imagePosition(0);
        int nearestSlice = (int) Math.round((first[2] - hit.centrePatientMm()[2]) / study.sliceThicknessMm());
        assertEquals(series + "." + (nearestSlice + 1), hit.sourceImage().sopInstanceUid());
        double column = (nodule.xMm() - first[0]) / study.pixelSpacingMm();
        double row = (nodule.yMm() - first[1]) / study.pixelSpacingMm();
        assertEquals(column, hit.centreColumn(), 5 / study.pixelSpacingMm());
        assertEquals(row, hit.centreRow(), 5 / study.pixelSpacingMm());
        assertTrue(hit.volumetric() && hit.volumeMm3() > 0 && hit.frameOfReferenceUid() != null);
    }
}

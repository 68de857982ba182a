package org.aiworklist.inference.boxes;

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
import org.aiworklist.inference.detect.HeatmapDetector;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.training.DemoBoxModel;
import org.aiworklist.inference.volume.Volume;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The box detector the tests make (the demo heat-map network wrapped in ONNX post-processing that returns boxes and
 * scores, see {@link DemoBoxModel}) run by ONNX Runtime on unseen phantoms: its raw boxes overlap (one per slice a
 * nodule crosses), non-maximum suppression leaves one per nodule, and the findings lie on the planted nodules.
 */
class DemoBoxDetectionIT {
    private static final long FIRST_SEED = 9200;
    private static final int STUDIES = 4;
    private static final int SLICES = 60;

    @TempDir
    Path dir;

    @Test
    void boxesBecomeOneFindingPerPlantedNodule() throws Exception {
        ModelManifest manifest = ModelManifest.load(DemoBoxModel.write(TestModels.MODELS, dir));
        int eligible = 0;
        int found = 0;
        int falsePositives = 0;
        int rawBoxes = 0;
        int keptBoxes = 0;
        try (InferenceEngine engine = InferenceEngine.onThisMachine(1, dir.resolve("engines"))) {
            LoadedModel model = engine.load(manifest);
            for (long seed = FIRST_SEED; seed < FIRST_SEED + STUDIES; seed++) {
                PhantomStudy study = ChestPhantom.generate(
                        PhantomSpec.defaults().withSeed(seed).withSlices(SLICES));
                String series = "2.25.7." + seed;
                Volume volume = HeatmapDetector.assemble(manifest, study.asSeries("2.25.7", series, "2.25.8." + seed));
                List<Box> boxes = BoxDetector.boxes(model, volume).stream()
                        .filter(b -> b.score() >= manifest.output().threshold())
                        .toList();
                rawBoxes += boxes.size();
                InferenceResult result = engine.infer(manifest, study.asSeries("2.25.7", series, "2.25.8." + seed));
                assertEquals(SLICES, result.imagesUsed().size());
                keptBoxes += result.findings().size();
                List<Finding> unmatched = new ArrayList<>(result.findings());
                for (PlantedNodule nodule : study.nodules()) {
                    Finding hit = unmatched.stream()
                            .filter(f -> nodule.distanceTo(f.centrePatientMm()) <= Math.max(5, nodule.diameterMm() / 2))
                            .findFirst()
                            .orElse(null);
                    if (hit != null) {
                        unmatched.remove(hit);
                        assertEquals(10.0, hit.diameterMm(), 1e-9, "the box's side: 5 pixels of 2 mm");
                        assertEquals(Math.PI / 6 * 10 * 10 * 10, hit.volumeMm3(), 1e-6, "the inscribed ellipsoid");
                        assertEquals(series, hit.sourceImage().seriesInstanceUid());
                    }
                    if (nodule.diameterMm() >= 8) {
                        eligible++;
                        found += hit == null ? 0 : 1;
                    }
                }
                falsePositives += unmatched.size();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "BOXES %d studies: %d boxes above the threshold -> %d after suppression; nodules >= 8 mm found %d/%d,"
                        + " %d false positives%n",
                STUDIES,
                rawBoxes,
                keptBoxes,
                found,
                eligible,
                falsePositives);
        assertTrue(eligible > 0, "the phantoms hold nodules of 8 mm or more");
        assertTrue(found >= 0.9 * eligible, "nodules of 8 mm or more found: " + found + "/" + eligible);
        assertTrue(falsePositives <= 2 * STUDIES, "at most two false positives per study: " + falsePositives);
        assertTrue(rawBoxes > keptBoxes, "suppression removed overlapping boxes: " + rawBoxes + " -> " + keptBoxes);
    }
}

package org.aiworklist.inference.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aiworklist.common.ClassVerdict;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.Priority;
import org.aiworklist.common.phantom.ChestPhantom;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PhantomStudy;
import org.aiworklist.inference.InferenceEngine;
import org.aiworklist.inference.TestModels;
import org.aiworklist.inference.manifest.ClassificationOutput;
import org.aiworklist.inference.manifest.ModelManifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed triage classifier ("a pulmonary nodule of 8 mm or more") on phantoms it has never seen (training used
 * seeds 3000-3315): studies whose nodules are all 9-14 mm must come out positive, and make the study STAT; those
 * whose nodules are all 4-6.5 mm, or that have none, negative.
 */
class TriageClassifierQualityIT {
    private static final long FIRST_SEED = 9100;
    private static final int PER_CLASS = 8;
    private static final int SLICES = 60;

    @TempDir
    Path engineCache;

    @Test
    void separatesLargeNodulesFromSmallOnesOnUnseenPhantoms() throws Exception {
        ModelManifest manifest = ModelManifest.load(TestModels.MODELS.resolve("demo-chest-triage.yaml"));
        ClassificationOutput classifier = manifest.output().classification().orElseThrow();
        int right = 0;
        int total = 0;
        List<String> rows = new ArrayList<>();
        try (InferenceEngine engine = InferenceEngine.onThisMachine(1, engineCache)) {
            for (int i = 0; i < 3 * PER_CLASS; i++) {
                long seed = FIRST_SEED + i;
                PhantomSpec spec = PhantomSpec.defaults().withSeed(seed).withSlices(SLICES);
                boolean positive = i < PER_CLASS;
                spec = positive
                        ? spec.withNodules(3, 9, 14)
                        : i < 2 * PER_CLASS ? spec.withNodules(3, 4, 6.5) : spec.withNodules(0, 5, 5);
                PhantomStudy study = ChestPhantom.generate(spec);
                InferenceResult result =
                        engine.infer(manifest, study.asSeries("2.25.7", "2.25.7." + seed, "2.25.8." + seed));
                assertEquals(SLICES, result.imagesUsed().size());
                assertTrue(result.findings().isEmpty(), "a classifier reports verdicts, not findings");
                ClassVerdict verdict =
                        result.classification().orElseThrow().verdicts().get(0);
                boolean calledPositive = verdict.present();
                right += calledPositive == positive ? 1 : 0;
                total++;
                assertEquals(
                        calledPositive,
                        classifier
                                .escalation(result.classification().get())
                                .equals(java.util.Optional.of(Priority.STAT)),
                        "a present finding makes the study STAT");
                rows.add(String.format(
                        Locale.ROOT,
                        "%d %s p=%.3f",
                        seed,
                        positive ? "large" : study.nodules().isEmpty() ? "none " : "small",
                        verdict.probability()));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "TRIAGE %d studies x %d slices: %d/%d right at threshold 0.5%n  %s%n",
                total,
                SLICES,
                right,
                total,
                String.join("\n  ", rows));
        assertTrue(right >= 0.9 * total, "studies classified right: " + right + "/" + total);
    }
}

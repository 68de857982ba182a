package org.aiworklist.inference.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.inference.manifest.SegmentSpec;
import org.aiworklist.inference.manifest.SegmentationContract;
import org.aiworklist.inference.manifest.SegmentationContract.Activation;
import org.aiworklist.inference.manifest.SegmentationContract.Decision;
import org.aiworklist.inference.manifest.SegmentationContract.ScoreMap;
import org.junit.jupiter.api.Test;

class SegmentScoresTest {
    private static final CodedConcept CATEGORY = new CodedConcept("91723000", "SCT", "Anatomical structure");

    static SegmentSpec segment(int index, String label) {
        return new SegmentSpec(index, label, CATEGORY, new CodedConcept("1", "SCT", label));
    }

    private static List<float[]> channels(float[]... c) {
        List<float[]> list = new ArrayList<>();
        for (float[] a : c) {
            list.add(a.clone());
        }
        return list;
    }

    @Test
    void softmaxThenArgmaxGivesEachVoxelToItsMostProbableClass() {
        SegmentationContract contract = new SegmentationContract(
                ScoreMap.PROBABILITIES,
                Activation.SOFTMAX,
                false,
                Decision.ARGMAX,
                0,
                List.of(segment(1, "liver"), segment(2, "spleen")));
        // channel 0 is background; logits per voxel
        List<float[]> scores = SegmentScores.of(
                contract, channels(new float[] {5, 0, 0, 1}, new float[] {1, 4, 0, 1}, new float[] {0, 1, 3, 1}));
        assertArrayEquals(new float[] {0, 1, 0, 0}, scores.get(0), "ties go to the first channel, background");
        assertArrayEquals(new float[] {0, 0, 1, 0}, scores.get(1));
        assertEquals(0.5, SegmentScores.cut(contract));
    }

    @Test
    void sigmoidGivesProbabilitiesCutAtTheThreshold() {
        SegmentationContract contract = new SegmentationContract(
                ScoreMap.PROBABILITIES,
                Activation.SIGMOID,
                false,
                Decision.THRESHOLD,
                0.75,
                List.of(segment(0, "brain")));
        float[] p = SegmentScores.of(contract, channels(new float[] {0, 2, -2})).get(0);
        assertEquals(0.5f, p[0], 1e-6);
        assertEquals(1 / (1 + Math.exp(-2)), p[1], 1e-6);
        assertEquals(1 / (1 + Math.exp(2)), p[2], 1e-6);
        assertEquals(0.75, SegmentScores.cut(contract));
    }

    @Test
    void fractionalKeepsTheModelsOwnProbabilities() {
        SegmentationContract contract = new SegmentationContract(
                ScoreMap.PROBABILITIES, Activation.NONE, true, null, 0, List.of(segment(1, "lesion")));
        float[] p = SegmentScores.of(contract, channels(new float[] {0.9f, 0.1f}, new float[] {0.1f, 0.9f}))
                .get(0);
        assertArrayEquals(new float[] {0.1f, 0.9f}, p);
    }
}

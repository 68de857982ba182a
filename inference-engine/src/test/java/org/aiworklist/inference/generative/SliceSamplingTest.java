package org.aiworklist.inference.generative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The slices sent are those Google's CT notebook picks: round(i / max * (n - 1)) for i = 1..max, rounded as Python does. */
class SliceSamplingTest {
    @Test
    void aSeriesWithinTheLimitIsSentWhole() {
        assertEquals(List.of(0, 1, 2, 3, 4), SliceSampling.uniform(5, 85));
        assertEquals(85, SliceSampling.uniform(85, 85).size());
    }

    @Test
    void threeHundredSlicesGiveEightyFiveFromTheFourthToTheLast() {
        List<Integer> picked = SliceSampling.uniform(300, 85);
        assertEquals(85, picked.size());
        assertEquals(4, picked.get(0)); // round(1/85 * 299) = round(3.52)
        assertEquals(299, picked.get(84));
        for (int k = 1; k < picked.size(); k++) {
            assertTrue(picked.get(k) > picked.get(k - 1), "ascending, no slice twice");
        }
    }

    @Test
    void halvesRoundToEvenAsInPython() {
        // i / 4 * 6 = 1.5, 3, 4.5, 6: Python's round gives 2, 3, 4, 6 (Math.round would give 5 for 4.5)
        assertEquals(List.of(2, 3, 4, 6), SliceSampling.uniform(7, 4));
    }
}

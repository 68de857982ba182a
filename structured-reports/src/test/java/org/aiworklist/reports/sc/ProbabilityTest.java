package org.aiworklist.reports.sc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ProbabilityTest {
    @Test
    void twoDecimalsWhenTheyDoNotReachAnEnd() {
        assertEquals("0.91", Probability.format(0.91));
        assertEquals("0.50", Probability.format(0.5));
        assertEquals("0.55", Probability.format(0.55));
        assertEquals("0.99", Probability.format(0.99));
        assertEquals("0.01", Probability.format(0.01));
    }

    @Test
    void neverRoundsBelowOneUpToOne() {
        assertNotEquals("1.00", Probability.format(0.998));
        assertEquals("0.998", Probability.format(0.998));
        assertEquals("0.9996", Probability.format(0.9996));
        assertEquals(">0.9999", Probability.format(0.99999));
        for (double p = 0.99; p < 1; p += 0.0001) {
            assertNotEquals(1.0, Double.parseDouble(Probability.format(p).replace(">", "")), "p=" + p);
        }
    }

    @Test
    void neverRoundsAboveZeroDownToZero() {
        assertEquals("0.002", Probability.format(0.002));
        assertEquals("0.0004", Probability.format(0.0004));
        assertEquals("<0.0001", Probability.format(0.00001));
        assertNotEquals("0.00", Probability.format(0.004));
    }

    @Test
    void theEndsThemselves() {
        assertEquals("1.00", Probability.format(1.0));
        assertEquals("0.00", Probability.format(0.0));
        assertEquals("?", Probability.format(Double.NaN));
    }
}

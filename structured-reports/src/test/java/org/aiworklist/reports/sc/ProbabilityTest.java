package org.aiworklist.reports.sc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbabilityTest {
    /** Two decimals where they do not reach an end; more digits, or a bound, where two would round to 0 or 1. */
    @ParameterizedTest
    @CsvSource({
        "0.91, 0.91",
        "0.5, 0.50",
        "0.55, 0.55",
        "0.99, 0.99",
        "0.01, 0.01",
        "0.998, 0.998",
        "0.9996, 0.9996",
        "0.99999, >0.9999",
        "0.002, 0.002",
        "0.0004, 0.0004",
        "0.00001, <0.0001",
        "1.0, 1.00",
        "0.0, 0.00",
        "NaN, ?"
    })
    void formats(double p, String shown) {
        assertEquals(shown, Probability.format(p));
    }

    @Test
    void neverRoundsBelowOneUpToOne() {
        for (double p = 0.99; p < 1; p += 0.0001) {
            assertNotEquals(1.0, Double.parseDouble(Probability.format(p).replace(">", "")), "p=" + p);
        }
    }

    @Test
    void neverRoundsAboveZeroDownToZero() {
        for (double p = 0.0001; p < 0.01; p += 0.0001) {
            assertNotEquals(0.0, Double.parseDouble(Probability.format(p).replace("<", "")), "p=" + p);
        }
    }
}

package org.aiworklist.reports.sc;

import java.util.Locale;

/**
 * Probability text for the SC: two decimals, or as many more (up to four) as it takes not to round a
 * probability below 1 up to "1.00" or one above 0 down to "0.00"; beyond that "&gt;0.9999" or "&lt;0.0001".
 */
public final class Probability {
    private static final int MIN_DECIMALS = 2;
    private static final int MAX_DECIMALS = 4;

    private Probability() {}

    public static String format(double p) {
        if (Double.isNaN(p)) {
            return "?";
        }
        if (p >= 1 || p <= 0) {
            return String.format(Locale.ROOT, "%." + MIN_DECIMALS + "f", p);
        }
        for (int d = MIN_DECIMALS; d <= MAX_DECIMALS; d++) {
            String s = String.format(Locale.ROOT, "%." + d + "f", p);
            double shown = Double.parseDouble(s);
            if (shown > 0 && shown < 1) {
                return s;
            }
        }
        String bound = "0." + "0".repeat(MAX_DECIMALS - 1) + "1";
        return p < 0.5 ? "<" + bound : ">0." + "9".repeat(MAX_DECIMALS);
    }
}

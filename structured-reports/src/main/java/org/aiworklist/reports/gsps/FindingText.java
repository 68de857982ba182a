package org.aiworklist.reports.gsps;

import java.util.Locale;
import org.aiworklist.common.Finding;

/** The words shown next to a finding's circle. */
public final class FindingText {
    private static final int MAX_DIGITS = 6;

    private FindingText() {}

    /** "AI nodule-1: Nodule 5.6 mm p=0.91". */
    public static String label(Finding f) {
        StringBuilder s = new StringBuilder("AI ")
                .append(f.trackingId())
                .append(": ")
                .append(f.finding().meaning());
        if (!Double.isNaN(f.diameterMm())) {
            s.append(String.format(Locale.ROOT, " %.1f mm", f.diameterMm()));
        }
        return s.append(" p=").append(probability(f.probability())).toString();
    }

    /**
     * Two decimals, or as many more as it takes not to print a certainty the model did not state: 0.998 is
     * "0.998", never "1.00"; 0.0004 is "0.0004", never "0.00". Beyond six decimals, "&gt;0.999999" or
     * "&lt;0.000001".
     */
    public static String probability(double p) {
        if (p == 0 || p == 1) {
            return String.format(Locale.ROOT, "%.2f", p);
        }
        for (int digits = 2; digits <= MAX_DIGITS; digits++) {
            String s = String.format(Locale.ROOT, "%." + digits + "f", p);
            double shown = Double.parseDouble(s);
            if (shown != 0 && shown != 1) {
                return s;
            }
        }
        return p > 0.5 ? ">0." + "9".repeat(MAX_DIGITS) : "<0." + "0".repeat(MAX_DIGITS - 1) + "1";
    }
}

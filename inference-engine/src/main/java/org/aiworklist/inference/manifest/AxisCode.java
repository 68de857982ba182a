package org.aiworklist.inference.manifest;

import java.util.Locale;

/**
 * The patient direction towards which each spatial axis of the model's input grows, in tensor order (D, H, W for
 * NCDHW; for NCHW the slice axis, then H and W), as nibabel and MONAI's {@code Orientationd(axcodes=...)} write it:
 * {@code R}/{@code L}, {@code A}/{@code P}, {@code S}/{@code I}. {@code RAS} puts patient right at the high end of
 * the first axis.
 */
public record AxisCode(String letters) {
    private static final String LETTERS = "LRPASI";

    public AxisCode {
        letters = letters.toUpperCase(Locale.ROOT);
        if (letters.length() != 3) {
            throw new IllegalArgumentException("expected three letters, one per axis, e.g. RAS");
        }
        boolean[] used = new boolean[3];
        for (int t = 0; t < 3; t++) {
            int at = LETTERS.indexOf(letters.charAt(t));
            if (at < 0) {
                throw new IllegalArgumentException("'" + letters.charAt(t) + "' is not one of L, R, A, P, S, I");
            }
            if (used[at / 2]) {
                throw new IllegalArgumentException("two letters name the same patient axis");
            }
            used[at / 2] = true;
        }
    }

    /** The DICOM patient axis of tensor axis {@code t}: 0 x (right to left), 1 y (front to back), 2 z (feet to head). */
    public int patientAxis(int t) {
        return LETTERS.indexOf(letters.charAt(t)) / 2;
    }

    /** +1 when tensor axis {@code t} grows along the DICOM axis (towards L, P or S), -1 when against it. */
    public int sign(int t) {
        return LETTERS.indexOf(letters.charAt(t)) % 2 == 0 ? 1 : -1;
    }

    @Override
    public String toString() {
        return letters;
    }
}

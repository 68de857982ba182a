package org.aiworklist.reports.draft;

/**
 * The plain statement that opens every text of an AI draft (each SR section, the SC page), and the text rules a
 * model's answer is brought to before it goes into DICOM: line breaks as CR LF, and no control characters other than
 * tab and line breaks (UT allows no others), no unpaired surrogates (not encodable).
 */
public final class DraftStatement {
    /** Said first, in full, before any word of the model's. */
    public static final String TEXT =
            "AI-generated draft, not verified by a physician. It may contain errors and must not be used for"
                    + " diagnosis until a physician has reviewed it.";

    private DraftStatement() {}

    /** The statement, a blank line, then the model's text, cleaned. */
    public static String prefixed(String modelText) {
        String clean = clean(modelText);
        if (clean.isBlank()) {
            throw new IllegalArgumentException("a draft text must say something after the statement");
        }
        return TEXT + "\r\n\r\n" + clean;
    }

    /** True when the text opens with the statement. */
    public static boolean opens(String text) {
        return text.startsWith(TEXT);
    }

    /** CR LF line breaks, no other control characters, no unpaired surrogates, no surrounding blanks. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        String unified = text.replace("\r\n", "\n").replace('\r', '\n');
        for (int i = 0; i < unified.length(); i++) {
            char c = unified.charAt(i);
            if (c == '\n') {
                out.append("\r\n");
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < unified.length()
                    && Character.isLowSurrogate(unified.charAt(i + 1))) {
                out.append(c).append(unified.charAt(++i));
            } else if (!Character.isSurrogate(c) && (c == '\t' || !Character.isISOControl(c))) {
                out.append(c);
            }
        }
        return out.toString().strip();
    }
}

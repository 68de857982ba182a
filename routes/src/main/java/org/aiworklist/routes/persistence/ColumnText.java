package org.aiworklist.routes.persistence;

/**
 * Texts cut to the column that holds them, so that no value can fail the transaction that records it. Values from
 * received data sets are cut only in the index: the spooled file keeps them whole, and results copy them from it.
 */
final class ColumnText {
    private ColumnText() {}

    /** At most {@code length} characters, never splitting a surrogate pair (a database counts code points). */
    static String fit(String text, int length) {
        if (text == null || text.length() <= length) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
        return text.substring(0, end);
    }
}

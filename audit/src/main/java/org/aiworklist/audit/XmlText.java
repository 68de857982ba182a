package org.aiworklist.audit;

/**
 * Text from peers (AE titles, patient names, reasons) as XML 1.0 can carry it: characters XML forbids (most
 * control characters, lone surrogates) become '?', and line breaks a space, so each message stays one line.
 */
final class XmlText {
    private XmlText() {}

    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                out.append('?');
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}

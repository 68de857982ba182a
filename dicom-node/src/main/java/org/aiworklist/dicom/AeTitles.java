package org.aiworklist.dicom;

import java.util.Objects;

/** AE title rules of PS3.5 (VR AE): 1 to 16 characters, no backslash or control characters, not all spaces. */
final class AeTitles {
    private AeTitles() {}

    static String requireValid(String aeTitle) {
        Objects.requireNonNull(aeTitle, "aeTitle");
        if (!isValid(aeTitle)) {
            throw new IllegalArgumentException("not a valid AE title: '" + printable(aeTitle) + "'");
        }
        return aeTitle;
    }

    static boolean isValid(String aeTitle) {
        return aeTitle != null
                && !aeTitle.isBlank()
                && aeTitle.length() <= 16
                && aeTitle.equals(aeTitle.strip())
                && aeTitle.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '\\');
    }

    /** The title as it may appear in a log line: anything outside printable ASCII as \xNN, so it forges no lines. */
    static String printable(String aeTitle) {
        StringBuilder out = new StringBuilder(aeTitle.length());
        aeTitle.chars()
                .forEach(c -> out.append(
                        c >= 0x20 && c <= 0x7e ? String.valueOf((char) c) : String.format("\\x%02X", c & 0xff)));
        return out.toString();
    }
}

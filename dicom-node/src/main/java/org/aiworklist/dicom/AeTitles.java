package org.aiworklist.dicom;

import java.util.Objects;

/** AE title rules of PS3.5 (VR AE): 1 to 16 characters, no backslash or control characters, not all spaces. */
final class AeTitles {
    private AeTitles() {
    }

    static String requireValid(String aeTitle) {
        Objects.requireNonNull(aeTitle, "aeTitle");
        if (aeTitle.isBlank() || aeTitle.length() > 16 || !aeTitle.equals(aeTitle.strip())
                || aeTitle.chars().anyMatch(c -> c < 0x20 || c > 0x7e || c == '\\')) {
            throw new IllegalArgumentException("not a valid AE title: '" + aeTitle + "'");
        }
        return aeTitle;
    }
}

package org.aiworklist.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.regex.Pattern;

/** New UIDs under an organisation root, or as 2.25.&lt;UUID as decimal&gt; (PS3.5 B.2) when there is none. */
final class UidFactory {
    private static final Pattern ROOT = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    /** A UUID needs up to 39 decimal digits; with the dot the root may use the rest of the 64 characters. */
    private static final int MAX_ROOT_LENGTH = 64 - 40;

    private final String root;

    /** @param root organisation UID root, or null for 2.25 */
    UidFactory(String root) {
        if (root != null && (!ROOT.matcher(root).matches() || root.length() > MAX_ROOT_LENGTH)) {
            throw new IllegalArgumentException("UID root must be a valid UID of at most " + MAX_ROOT_LENGTH
                    + " characters: " + root);
        }
        this.root = root == null ? "2.25" : root;
    }

    String next() {
        UUID u = UUID.randomUUID();
        byte[] bytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array();
        return root + "." + new BigInteger(1, bytes);
    }
}

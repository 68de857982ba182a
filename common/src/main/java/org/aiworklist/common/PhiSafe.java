package org.aiworklist.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Turns identifiers into short hashes fit for logs: UIDs are PHI under PS3.15 Annex E. */
public final class PhiSafe {
    private PhiSafe() {}

    /** First 12 hex digits of SHA-256: enough to correlate log lines, useless to re-identify. */
    public static String hash(String identifier) {
        if (identifier == null) {
            return "null";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identifier.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}

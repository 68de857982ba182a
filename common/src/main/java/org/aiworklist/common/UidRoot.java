package org.aiworklist.common;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A UID root and the one place where the node makes UIDs: root "." the decimal of 128 bits laid out as a UUID,
 * so under "2.25" they are UUID-derived UIDs (PS3.5 B.2). {@link #random()} for new instances and transactions;
 * {@link #derived(String)} for results, which must be the same objects on every resend. Under a root longer than
 * 24 characters the decimal is cut to fit 64 characters, keeping at least 20 digits (~66 bits).
 */
public record UidRoot(String value) {
    private static final int MAX_UID = 64;
    private static final int MIN_DIGITS = 20;
    private static final Pattern SYNTAX = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");
    /** The UUID arc of PS3.5 B.2, for a node without an organisation root (after SYNTAX, which it needs). */
    public static final UidRoot UUID_ARC = new UidRoot("2.25");

    public UidRoot {
        if (!isUid(value) || value.length() > MAX_UID - 1 - MIN_DIGITS) {
            throw new IllegalArgumentException("not a UID root leaving " + MIN_DIGITS + " digits: " + value);
        }
    }

    /**
     * The given organisation root, or {@link #UUID_ARC} when there is none.
     *
     * @param root an organisation root, or null for {@link #UUID_ARC}
     */
    public static UidRoot orUuidArc(String root) {
        return root == null ? UUID_ARC : new UidRoot(root);
    }

    /** A UID of PS3.5 9.1: digits and dots, no leading zeros, at most 64 characters. */
    public static boolean isUid(String uid) {
        return uid != null && uid.length() <= MAX_UID && SYNTAX.matcher(uid).matches();
    }

    /** A new UID from a random (version 4) UUID. */
    public String random() {
        UUID u = UUID.randomUUID();
        return under(ByteBuffer.allocate(16)
                .putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits())
                .array());
    }

    /** The same UID for the same name: a version 8 UUID of SHA-256(name) (RFC 9562). */
    public String derived(String name) {
        try {
            byte[] u = Arrays.copyOf(
                    MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)), 16);
            u[6] = (byte) ((u[6] & 0x0f) | 0x80);
            u[8] = (byte) ((u[8] & 0x3f) | 0x80);
            return under(u);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private String under(byte[] uuid) {
        String digits = new BigInteger(1, uuid).toString();
        int room = MAX_UID - value.length() - 1;
        return value + "." + (digits.length() <= room ? digits : digits.substring(0, room));
    }
}

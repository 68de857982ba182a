package org.aiworklist.reports;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Output UIDs derived from a {@link ResultIdentity}: root + "." + decimal digits of a hash of
 * (job key, version, purpose). The hash is 128 bits laid out as an RFC 9562 version-8 UUID, so under the
 * root "2.25" the result is a proper UUID-derived UID (PS3.5 B.2); under a longer root the decimal is cut
 * to fit 64 characters.
 */
public final class DerivedUids {
    private static final int MAX_UID = 64;
    /** Fewer digits than this would make collisions between jobs plausible (~66 bits). */
    private static final int MIN_DIGITS = 20;
    private static final Pattern UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*");

    private final ResultIdentity id;

    public DerivedUids(ResultIdentity id) {
        this.id = Objects.requireNonNull(id, "id");
    }

    public String srSeries() {
        return derive("sr-series");
    }

    public String srInstance() {
        return derive("sr-instance");
    }

    /** Each SC layout gets its own series, so writing both never reuses a UID for a different object. */
    public String scSeries(SecondaryCaptureWriter.Layout layout) {
        return derive("sc-series/" + layout);
    }

    /** n counts from 1, like Instance Number. */
    public String scInstance(SecondaryCaptureWriter.Layout layout, int n) {
        return derive("sc-instance/" + layout + "/" + n);
    }

    /** Tracking Unique Identifier of a finding: stable across re-sends of the same job version. */
    public String tracking(String trackingId) {
        return derive("tracking:" + trackingId);
    }

    private String derive(String purpose) {
        return derive(id.uidRoot(), id.jobKey(), id.version(), purpose);
    }

    /** Device Observer UID for a node running one model version (changes when the model changes). */
    public static String deviceObserver(String uidRoot, String nodeName, String modelId, String modelVersion) {
        return derive(uidRoot, "device:" + nodeName + "/" + modelId, 0, "model-version:" + modelVersion);
    }

    public static String derive(String uidRoot, String jobKey, int version, String purpose) {
        checkRoot(uidRoot);
        int room = MAX_UID - uidRoot.length() - 1;
        String digits = new BigInteger(1, uuid8(jobKey + "\n" + version + "\n" + purpose)).toString();
        return uidRoot + "." + (digits.length() <= room ? digits : digits.substring(0, room));
    }

    /** 16 bytes of SHA-256 with the version (8) and variant (10) bits of RFC 9562 set. */
    private static byte[] uuid8(String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            byte[] u = java.util.Arrays.copyOf(h, 16);
            u[6] = (byte) ((u[6] & 0x0f) | 0x80);
            u[8] = (byte) ((u[8] & 0x3f) | 0x80);
            return u;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    static void checkRoot(String uidRoot) {
        checkUid(uidRoot);
        if (uidRoot.length() > MAX_UID - 1 - MIN_DIGITS) {
            throw new IllegalArgumentException("UID root too long to leave " + MIN_DIGITS + " digits: " + uidRoot);
        }
    }

    static void checkUid(String uid) {
        if (uid == null || uid.length() > MAX_UID || !UID.matcher(uid).matches()) {
            throw new IllegalArgumentException("not a valid DICOM UID: " + uid);
        }
    }
}

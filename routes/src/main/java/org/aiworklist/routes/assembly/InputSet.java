package org.aiworklist.routes.assembly;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.aiworklist.routes.persistence.InstanceRecord;

/** The identity of a job's input: the hash of every (SOP Instance UID, content hash) pair, in UID order. */
final class InputSet {
    private InputSet() {}

    static String hash(List<InstanceRecord> instances) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            instances.stream()
                    .map(i -> i.sopInstanceUid + ":" + i.contentSha256 + "\n")
                    .sorted()
                    .forEach(line -> digest.update(line.getBytes(StandardCharsets.US_ASCII)));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}

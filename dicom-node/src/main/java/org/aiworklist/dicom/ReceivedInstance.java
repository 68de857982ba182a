package org.aiworklist.dicom;

import java.nio.file.Path;

/**
 * One instance as received by the Storage SCP, already durable in the spool.
 *
 * @param file              spool file: Part 10 file whose data set is byte for byte what the sender sent
 * @param transferSyntaxUid transfer syntax of the presentation context it arrived on (and of the file)
 * @param attributes        what the index needs from its data set (patient data: never logged)
 * @param contentSha256     hex SHA-256 of the data set bytes as received (the spool file is named after it)
 * @param sizeBytes         size of the data set as received
 */
public record ReceivedInstance(
        Path file,
        String callingAeTitle,
        String callingHost,
        String transferSyntaxUid,
        InstanceAttributes attributes,
        String contentSha256,
        long sizeBytes) {}

package org.aiworklist.dicom;

import java.nio.file.Path;

/**
 * One instance as received by the Storage SCP, already durable in the spool. Patient attributes are for the
 * database only: never log them (use {@code PhiSafe.hash} for UIDs).
 *
 * @param file              spool file: Part 10 file whose data set is byte for byte what the sender sent
 * @param transferSyntaxUid transfer syntax of the presentation context it arrived on (and of the file)
 * @param contentSha256     hex SHA-256 of the data set bytes as received (the spool file is named after it)
 * @param sizeBytes         size of the data set as received
 */
public record ReceivedInstance(
        Path file,
        String callingAeTitle,
        String callingHost,
        String transferSyntaxUid,
        String sopClassUid,
        String sopInstanceUid,
        String seriesInstanceUid,
        String studyInstanceUid,
        String patientId,
        String patientName,
        String modality,
        String seriesDescription,
        Integer seriesNumber,
        Integer instanceNumber,
        Double sliceThickness,
        double[] imageOrientationPatient,
        Integer imagesInAcquisition,
        Integer numberOfStudyRelatedInstances,
        String contentSha256,
        long sizeBytes) {}

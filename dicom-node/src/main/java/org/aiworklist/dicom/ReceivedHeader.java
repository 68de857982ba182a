package org.aiworklist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The attributes the index needs, read from a received data set up to Pixel Data ({@link DataSetFraming} has
 * already checked that the whole data set is complete).
 */
record ReceivedHeader(String sopClassUid, String sopInstanceUid, String seriesInstanceUid, String studyInstanceUid,
                      String patientId, String patientName, String modality, String seriesDescription,
                      Integer seriesNumber, Integer instanceNumber, Double sliceThickness,
                      double[] imageOrientationPatient, Integer imagesInAcquisition,
                      Integer numberOfStudyRelatedInstances) {
    /** (0020,1002): PixelMed's dictionary knows it, its TagFromName constants do not. */
    static final AttributeTag IMAGES_IN_ACQUISITION = new AttributeTag(0x0020, 0x1002);

    /** Reads the data set (no meta header) in {@code transferSyntaxUid} up to Pixel Data. */
    static ReceivedHeader read(InputStream dataSet, String transferSyntaxUid) throws IOException, DicomException {
        InputStream in = new BufferedInputStream(dataSet, 16_384);
        String ts = transferSyntaxUid;
        if (Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(ts)) {
            in = new InflaterInputStream(in, new Inflater(true)); // PS3.5 A.5: Explicit VR Little Endian, deflated
            ts = Uids.EXPLICIT_VR_LITTLE_ENDIAN;
        }
        AttributeList list = new AttributeList();
        list.read(new DicomInputStream(in, ts, false), TagFromName.PixelData);
        return new ReceivedHeader(text(list, TagFromName.SOPClassUID), text(list, TagFromName.SOPInstanceUID),
                text(list, TagFromName.SeriesInstanceUID), text(list, TagFromName.StudyInstanceUID),
                text(list, TagFromName.PatientID), text(list, TagFromName.PatientName),
                text(list, TagFromName.Modality), text(list, TagFromName.SeriesDescription),
                integer(list, TagFromName.SeriesNumber), integer(list, TagFromName.InstanceNumber),
                decimal(list, TagFromName.SliceThickness), decimals(list, TagFromName.ImageOrientationPatient),
                integer(list, IMAGES_IN_ACQUISITION),
                integer(list, TagFromName.NumberOfStudyRelatedInstances));
    }

    ReceivedInstance toInstance(Path file, String callingAeTitle, String callingHost, String transferSyntaxUid,
                                String contentSha256, long sizeBytes) {
        return new ReceivedInstance(file, callingAeTitle, callingHost, transferSyntaxUid, sopClassUid,
                sopInstanceUid, seriesInstanceUid, studyInstanceUid, patientId, patientName, modality,
                seriesDescription, seriesNumber, instanceNumber, sliceThickness, imageOrientationPatient,
                imagesInAcquisition, numberOfStudyRelatedInstances, contentSha256, sizeBytes);
    }

    private static String text(AttributeList list, AttributeTag tag) {
        String s = Attribute.getSingleStringValueOrNull(list, tag);
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Malformed numbers in optional attributes are treated as absent rather than as a parse failure. */
    private static Integer integer(AttributeList list, AttributeTag tag) {
        String s = text(list, tag);
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double decimal(AttributeList list, AttributeTag tag) {
        String s = text(list, tag);
        try {
            return s == null ? null : Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double[] decimals(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        try {
            return a == null || a.getVM() == 0 ? null : a.getDoubleValues();
        } catch (DicomException e) {
            return null;
        }
    }
}

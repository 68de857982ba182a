package org.aiworklist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The attributes of a received instance that the index needs, read from the header of its data set: the elements
 * before group 0021, whose extent and size {@link DataSetFraming} has already found and bounded, and the text of
 * all of them by keyword ({@link DicomKeywords}), which rules match. Patient attributes are for the database only:
 * never log them (use {@code PhiSafe.hash} for UIDs).
 */
public record InstanceAttributes(
        String sopClassUid,
        String sopInstanceUid,
        String seriesInstanceUid,
        String studyInstanceUid,
        String patientId,
        String patientName,
        String accessionNumber,
        String studyDescription,
        String modality,
        String seriesDescription,
        Integer seriesNumber,
        Integer instanceNumber,
        Double sliceThickness,
        double[] imageOrientationPatient,
        Integer imagesInAcquisition,
        Integer numberOfStudyRelatedInstances,
        Map<String, String> textByKeyword) {
    /** (0020,1002): PixelMed's dictionary knows it, its TagFromName constants do not. */
    static final AttributeTag IMAGES_IN_ACQUISITION = new AttributeTag(0x0020, 0x1002);
    /** Lenient on purpose: UIDs with leading zeros in a component break PS3.5 9.1 but are common in archives. */
    private static final Pattern UID_CHARACTERS = Pattern.compile("[0-9]+(\\.[0-9]+)*");

    public InstanceAttributes {
        textByKeyword = Map.copyOf(textByKeyword);
    }

    /** The attributes without the header's text by keyword (an instance made by hand). */
    public InstanceAttributes(
            String sopClassUid,
            String sopInstanceUid,
            String seriesInstanceUid,
            String studyInstanceUid,
            String patientId,
            String patientName,
            String accessionNumber,
            String studyDescription,
            String modality,
            String seriesDescription,
            Integer seriesNumber,
            Integer instanceNumber,
            Double sliceThickness,
            double[] imageOrientationPatient,
            Integer imagesInAcquisition,
            Integer numberOfStudyRelatedInstances) {
        this(
                sopClassUid,
                sopInstanceUid,
                seriesInstanceUid,
                studyInstanceUid,
                patientId,
                patientName,
                accessionNumber,
                studyDescription,
                modality,
                seriesDescription,
                seriesNumber,
                instanceNumber,
                sliceThickness,
                imageOrientationPatient,
                imagesInAcquisition,
                numberOfStudyRelatedInstances,
                Map.of());
    }

    /**
     * Reads the first {@code headerLength} bytes of the data set (no meta header, inflated when deflated) in
     * {@code transferSyntaxUid}: only those reach memory.
     */
    static InstanceAttributes read(InputStream dataSet, String transferSyntaxUid, long headerLength)
            throws IOException, DicomException {
        InputStream in = new BufferedInputStream(dataSet, 16_384);
        String ts = transferSyntaxUid;
        if (Uids.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.equals(ts)) {
            in = new InflaterInputStream(in, new Inflater(true)); // PS3.5 A.5: Explicit VR Little Endian, deflated
            ts = Uids.EXPLICIT_VR_LITTLE_ENDIAN;
        }
        byte[] header = in.readNBytes(Math.toIntExact(headerLength));
        AttributeList list = new AttributeList();
        list.read(new DicomInputStream(new ByteArrayInputStream(header), ts, false));
        return new InstanceAttributes(
                text(list, TagFromName.SOPClassUID),
                text(list, TagFromName.SOPInstanceUID),
                text(list, TagFromName.SeriesInstanceUID),
                text(list, TagFromName.StudyInstanceUID),
                text(list, TagFromName.PatientID),
                text(list, TagFromName.PatientName),
                text(list, TagFromName.AccessionNumber),
                text(list, TagFromName.StudyDescription),
                text(list, TagFromName.Modality),
                text(list, TagFromName.SeriesDescription),
                integer(list, TagFromName.SeriesNumber),
                integer(list, TagFromName.InstanceNumber),
                decimal(list, TagFromName.SliceThickness),
                decimals(list, TagFromName.ImageOrientationPatient),
                integer(list, IMAGES_IN_ACQUISITION),
                integer(list, TagFromName.NumberOfStudyRelatedInstances),
                DicomKeywords.textByKeyword(list));
    }

    /**
     * Why the index cannot key this instance by it (a UID missing, longer than 64 characters or not digits and
     * dots), or null when it can. Names the attribute, never its value.
     */
    String unusableIdentifiers() {
        String[][] keys = {
            {"SOP Instance UID", sopInstanceUid},
            {"Series Instance UID", seriesInstanceUid},
            {"Study Instance UID", studyInstanceUid}
        };
        for (String[] key : keys) {
            if (key[1] == null) {
                return key[0] + " missing";
            }
            if (key[1].length() > 64 || !UID_CHARACTERS.matcher(key[1]).matches()) {
                return key[0] + " is not a UID of at most 64 digits and dots";
            }
        }
        return null;
    }

    private static String text(AttributeList list, AttributeTag tag) {
        String s = Attribute.getSingleStringValueOrNull(list, tag);
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static Integer integer(AttributeList list, AttributeTag tag) {
        return number(list, tag, Integer::valueOf);
    }

    private static Double decimal(AttributeList list, AttributeTag tag) {
        return number(list, tag, Double::valueOf);
    }

    /** Malformed numbers in optional attributes are treated as absent rather than as a parse failure. */
    private static <N extends Number> N number(AttributeList list, AttributeTag tag, Function<String, N> parse) {
        String s = text(list, tag);
        try {
            return s == null ? null : parse.apply(s);
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

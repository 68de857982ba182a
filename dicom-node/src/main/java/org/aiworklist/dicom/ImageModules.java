package org.aiworklist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What every synthetic image series the project writes carries whatever its modality: Patient, General Study,
 * General Series, Frame of Reference, General Equipment, General Image and Acquisition, Image Plane and Image Pixel
 * modules; the series writers add their modality's own.
 */
final class ImageModules {
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");

    private ImageModules() {}

    /**
     * The series-level values.
     *
     * @param specificCharacterSet defined term for a non-ASCII patient name, else null
     */
    record Series(
            CtSeriesWriter.Patient patient,
            CtSeriesWriter.Study study,
            String specificCharacterSet,
            String studyInstanceUid,
            String seriesInstanceUid,
            String frameOfReferenceUid,
            int seriesNumber,
            String seriesDescription,
            String sopClassUid,
            String modality,
            String bodyPartExamined,
            String modelName) {}

    /**
     * One image's values; pixel data is written with Bits Allocated 16.
     *
     * @param stored rows*columns stored pixel values, row-major
     */
    record Image(
            String sopInstanceUid,
            String[] imageType,
            int instanceNumber,
            int imagesInAcquisition,
            double[] imagePositionPatient,
            double[] imageOrientationPatient,
            double[] pixelSpacing,
            double sliceThickness,
            int rows,
            int columns,
            int bitsStored,
            boolean signed,
            short[] stored) {}

    static AttributeList of(Series s, Image i) throws DicomException {
        SpecificCharacterSet scs = s.specificCharacterSet() == null
                ? null
                : new SpecificCharacterSet(new String[] {s.specificCharacterSet()});
        AttributeList l = new AttributeList();
        String date = s.study().dateTime().format(DA);
        String time = s.study().dateTime().format(TM);
        if (s.specificCharacterSet() != null) {
            put(l, TagFromName.SpecificCharacterSet, null, s.specificCharacterSet());
        }
        put(l, TagFromName.SOPClassUID, null, s.sopClassUid());
        put(l, TagFromName.SOPInstanceUID, null, i.sopInstanceUid());
        put(l, TagFromName.ImageType, null, i.imageType());
        put(l, TagFromName.InstanceCreationDate, null, date);
        put(l, TagFromName.InstanceCreationTime, null, time);
        // Patient
        put(l, TagFromName.PatientName, scs, s.patient().name());
        put(l, TagFromName.PatientID, scs, s.patient().id());
        put(
                l,
                TagFromName.PatientBirthDate,
                null,
                s.patient().birthDate() == null ? null : s.patient().birthDate().format(DA));
        put(l, TagFromName.PatientSex, null, s.patient().sex());
        // General Study
        put(l, TagFromName.StudyInstanceUID, null, s.studyInstanceUid());
        put(l, TagFromName.StudyDate, null, date);
        put(l, TagFromName.StudyTime, null, time);
        put(l, TagFromName.ReferringPhysicianName, scs, (String) null);
        put(l, TagFromName.StudyID, null, "1");
        put(l, TagFromName.AccessionNumber, null, s.study().accessionNumber());
        put(l, TagFromName.StudyDescription, scs, s.study().description());
        // General Series
        put(l, TagFromName.Modality, null, s.modality());
        put(l, TagFromName.SeriesInstanceUID, null, s.seriesInstanceUid());
        put(l, TagFromName.SeriesNumber, null, Integer.toString(s.seriesNumber()));
        put(l, TagFromName.SeriesDate, null, date);
        put(l, TagFromName.SeriesTime, null, time);
        put(l, TagFromName.SeriesDescription, scs, s.seriesDescription());
        put(l, TagFromName.PatientPosition, null, "HFS");
        put(l, TagFromName.BodyPartExamined, null, s.bodyPartExamined());
        // Frame of Reference
        put(l, TagFromName.FrameOfReferenceUID, null, s.frameOfReferenceUid());
        put(l, TagFromName.PositionReferenceIndicator, null, (String) null);
        // General Equipment
        put(l, TagFromName.Manufacturer, null, "aiworklist");
        put(l, TagFromName.ManufacturerModelName, null, s.modelName());
        put(l, TagFromName.SoftwareVersions, null, AssociationParameters.IMPLEMENTATION_VERSION_NAME);
        // General Image and General Acquisition
        put(l, TagFromName.InstanceNumber, null, Integer.toString(i.instanceNumber()));
        put(l, TagFromName.ContentDate, null, date);
        put(l, TagFromName.ContentTime, null, time);
        put(l, TagFromName.AcquisitionNumber, null, "1");
        put(l, TagFromName.AcquisitionDate, null, date);
        put(l, TagFromName.AcquisitionTime, null, time);
        put(l, InstanceAttributes.IMAGES_IN_ACQUISITION, null, Integer.toString(i.imagesInAcquisition()));
        // Image Plane
        put(l, TagFromName.PixelSpacing, null, ds(i.pixelSpacing()));
        put(l, TagFromName.ImageOrientationPatient, null, ds(i.imageOrientationPatient()));
        put(l, TagFromName.ImagePositionPatient, null, ds(i.imagePositionPatient()));
        put(l, TagFromName.SliceThickness, null, ds(i.sliceThickness()));
        put(l, TagFromName.SliceLocation, null, ds(i.imagePositionPatient()[2]));
        // Image Pixel
        put(l, TagFromName.SamplesPerPixel, null, "1");
        put(l, TagFromName.PhotometricInterpretation, null, "MONOCHROME2");
        put(l, TagFromName.Rows, null, Integer.toString(i.rows()));
        put(l, TagFromName.Columns, null, Integer.toString(i.columns()));
        put(l, TagFromName.BitsAllocated, null, "16");
        put(l, TagFromName.BitsStored, null, Integer.toString(i.bitsStored()));
        put(l, TagFromName.HighBit, null, Integer.toString(i.bitsStored() - 1));
        put(l, TagFromName.PixelRepresentation, null, i.signed() ? "1" : "0");
        Attribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(i.stored());
        l.put(pixels);
        return l;
    }

    /** Writes {@code list} as a Part 10 file in Explicit VR Little Endian. */
    static void write(AttributeList list, Path file) throws DicomException, IOException {
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "AIWORKLIST");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }

    static void put(AttributeList l, AttributeTag tag, SpecificCharacterSet cs, String... values)
            throws DicomException {
        Attribute a = l.putNewAttribute(tag, cs);
        for (String v : values) {
            if (v != null) {
                a.addValue(v);
            }
        }
    }

    static String[] ds(double... values) {
        String[] out = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = decimalString(values[i]);
        }
        return out;
    }

    /** A DS value of at most 16 characters (PS3.5 6.2). */
    private static String decimalString(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.length() <= 16 ? s : String.format(Locale.ROOT, "%.9e", v).substring(0, 16);
    }
}

package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntBinaryOperator;
import org.aiworklist.common.ImageReference;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.dicom.Part10;

/** Builds small source studies with PixelMed: a CT series with real geometry and a DX projection image. */
final class SyntheticSources {
    static final String TEST_ROOT = "1.2.826.0.1.3680043.10.9999";
    /** The synthetic sources play a modality's part: their files name it as their source AE. */
    static final String MODALITY_AE = "SYN_MODALITY";

    static final int CT_SIZE = 128;
    static final double CT_SPACING = 0.7;
    static final double CT_ORIGIN = -44.8;
    static final double CT_Z0 = -100;
    static final double CT_SLICE_GAP = 2.5;
    static final int DX_SIZE = 256;
    static final double DX_SPACING = 0.5;

    /** Patient and study identity of one synthetic source study. */
    record Patient(String key, String charset, String name, String id, String bodyPart) {}

    /** A written series: its references (in slice order) and files. */
    record Series(List<SourceInstance> instances, String frameOfReferenceUid) {
        ImageReference ref(int i) {
            return instances.get(i).reference();
        }

        List<ImageReference> refs() {
            return instances.stream().map(SourceInstance::reference).toList();
        }
    }

    private SyntheticSources() {}

    static String uid(String purpose) {
        return DerivedUids.derive(TEST_ROOT, "fixture", 0, purpose);
    }

    /** A signed 16-bit CT series: lung-like background with bright blobs at the given (column,row,slice). */
    static Series ct(Path dir, Patient p, int slices, int[][] blobs) throws IOException {
        String study = uid(p.key() + "/study");
        String series = uid(p.key() + "/ct-series");
        String frame = uid(p.key() + "/frame");
        List<SourceInstance> out = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            String sop = uid(p.key() + "/ct/" + s);
            AttributeList list = header(p, study, series, sop, SOPClass.CTImageStorage, "CT");
            Attrs.put(list, TagFromName.FrameOfReferenceUID, frame);
            Attrs.put(list, TagFromName.PositionReferenceIndicator);
            Attrs.put(list, TagFromName.ImageType, "ORIGINAL", "PRIMARY", "AXIAL");
            if (p.bodyPart() != null) {
                Attrs.put(list, TagFromName.BodyPartExamined, p.bodyPart());
            }
            Attrs.put(list, TagFromName.InstanceNumber, Integer.toString(s + 1));
            Attrs.put(
                    list,
                    TagFromName.ImagePositionPatient,
                    Double.toString(CT_ORIGIN),
                    Double.toString(CT_ORIGIN),
                    Double.toString(CT_Z0 + s * CT_SLICE_GAP));
            Attrs.put(list, TagFromName.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
            Attrs.put(list, TagFromName.PixelSpacing, Double.toString(CT_SPACING), Double.toString(CT_SPACING));
            Attrs.put(list, TagFromName.SliceThickness, Double.toString(CT_SLICE_GAP));
            Attrs.put(list, new com.pixelmed.dicom.AttributeTag(0x0018, 0x0060), "120");
            Attrs.put(list, TagFromName.AcquisitionNumber, "1");
            Attrs.put(list, TagFromName.RescaleIntercept, "0");
            Attrs.put(list, TagFromName.RescaleSlope, "1");
            Attrs.put(list, TagFromName.RescaleType, "HU");
            int slice = s;
            pixels(list, CT_SIZE, 1, (c, r) -> {
                double d = Math.hypot(c - CT_SIZE / 2.0, r - CT_SIZE / 2.0);
                int v = d > 60 ? -1000 : d > 54 ? 40 : -820;
                for (int[] b : blobs) {
                    if (Math.abs(b[2] - slice) <= 1 && Math.hypot(c - b[0], r - b[1]) <= 4) {
                        v = 30;
                    }
                }
                return v;
            });
            Path file = dir.resolve("ct-" + s + ".dcm");
            Part10.write(list, file, MODALITY_AE);
            out.add(new SourceInstance(new ImageReference(study, series, SOPClass.CTImageStorage, sop), file));
        }
        return new Series(out, frame);
    }

    /** One unsigned 12-bit DX For Presentation image with Imager Pixel Spacing and no patient geometry. */
    static Series dx(Path dir, Patient p) throws IOException {
        String study = uid(p.key() + "/study");
        String series = uid(p.key() + "/dx-series");
        String sop = uid(p.key() + "/dx/0");
        String sopClass = SOPClass.DigitalXRayImageStorageForPresentation;
        AttributeList list = header(p, study, series, sop, sopClass, "DX");
        Attrs.put(list, TagFromName.ImageType, "ORIGINAL", "PRIMARY");
        Attrs.put(list, TagFromName.InstanceNumber, "1");
        Attrs.put(list, TagFromName.PresentationIntentType, "FOR PRESENTATION");
        Attrs.put(list, TagFromName.ImagerPixelSpacing, Double.toString(DX_SPACING), Double.toString(DX_SPACING));
        Attrs.put(list, TagFromName.WindowCenter, "2048");
        Attrs.put(list, TagFromName.WindowWidth, "4096");
        Attrs.put(list, TagFromName.ViewPosition, "PA");
        Attrs.put(list, TagFromName.BodyPartExamined, "CHEST");
        pixels(list, DX_SIZE, 0, (c, r) -> 1000 + 8 * ((c / 16 + r / 16) % 2 == 0 ? c : r));
        Attrs.put(list, TagFromName.BitsStored, "12");
        Attrs.put(list, TagFromName.HighBit, "11");
        Path file = dir.resolve("dx.dcm");
        Part10.write(list, file, MODALITY_AE);
        return new Series(List.of(new SourceInstance(new ImageReference(study, series, sopClass, sop), file)), null);
    }

    private static AttributeList header(
            Patient p, String study, String series, String sop, String sopClass, String modality) {
        AttributeList list = new AttributeList();
        SpecificCharacterSet scs = new SpecificCharacterSet(p.charset() == null ? null : new String[] {p.charset()});
        if (p.charset() != null) {
            Attrs.put(list, TagFromName.SpecificCharacterSet, p.charset());
        }
        Attrs.put(list, TagFromName.SOPClassUID, sopClass);
        Attrs.put(list, TagFromName.SOPInstanceUID, sop);
        Attrs.put(list, TagFromName.StudyInstanceUID, study);
        Attrs.put(list, TagFromName.SeriesInstanceUID, series);
        Attrs.put(list, TagFromName.PatientName, scs, p.name());
        Attrs.put(list, TagFromName.PatientID, p.id());
        Attrs.put(list, TagFromName.PatientBirthDate, "19600229");
        Attrs.put(list, TagFromName.PatientSex, "O");
        Attrs.put(list, TagFromName.StudyDate, "20240131");
        Attrs.put(list, TagFromName.StudyTime, "101500");
        Attrs.put(list, TagFromName.AccessionNumber, "ACC-" + p.key());
        Attrs.put(list, TagFromName.StudyID, "S1");
        Attrs.put(list, TagFromName.ReferringPhysicianName, scs, "Referrer^Ann");
        Attrs.put(list, TagFromName.StudyDescription, scs, "Synthetic study");
        Attrs.put(list, TagFromName.Modality, modality);
        Attrs.put(list, TagFromName.SeriesNumber, "2");
        Attrs.put(list, TagFromName.Manufacturer, "Synthetic scanner");
        Attrs.put(list, TagFromName.PatientOrientation);
        Attrs.put(list, TagFromName.ContentDate, "20240131");
        Attrs.put(list, TagFromName.ContentTime, "101600");
        return list;
    }

    /** A square 16-bit MONOCHROME2 image whose stored value at (column,row) the function gives. */
    private static void pixels(AttributeList list, int size, int pixelRepresentation, IntBinaryOperator value) {
        short[] px = new short[size * size];
        for (int r = 0; r < size; r++) {
            for (int c = 0; c < size; c++) {
                px[r * size + c] = (short) value.applyAsInt(c, r);
            }
        }
        Attrs.putPixelDescription(list, 1, "MONOCHROME2", size, size, 16, pixelRepresentation);
        try {
            OtherWordAttribute data = new OtherWordAttribute(TagFromName.PixelData);
            data.setValues(px);
            list.put(data);
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IllegalStateException(e);
        }
    }
}

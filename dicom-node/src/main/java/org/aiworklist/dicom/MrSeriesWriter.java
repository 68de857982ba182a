package org.aiworklist.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.aiworklist.common.UidRoot;

/**
 * Writes an axial T1-weighted head series (MR Image Storage, Explicit VR Little Endian, 12-bit magnitude) with the
 * acquisition attributes a 3 T MPRAGE would carry, so that synthetic head studies look real to PACS, viewers and
 * our own ingest. Patient and study are given as for {@link CtSeriesWriter}. Output passes dciodvfy without errors.
 */
public final class MrSeriesWriter {
    private static final int BITS_STORED = 12;
    private static final AttributeTag SCANNING_SEQUENCE = new AttributeTag(0x0018, 0x0020);
    private static final AttributeTag SEQUENCE_VARIANT = new AttributeTag(0x0018, 0x0021);
    private static final AttributeTag SCAN_OPTIONS = new AttributeTag(0x0018, 0x0022);
    private static final AttributeTag MR_ACQUISITION_TYPE = new AttributeTag(0x0018, 0x0023);
    private static final AttributeTag SEQUENCE_NAME = new AttributeTag(0x0018, 0x0024);
    private static final AttributeTag ANGIO_FLAG = new AttributeTag(0x0018, 0x0025);
    private static final AttributeTag REPETITION_TIME = new AttributeTag(0x0018, 0x0080);
    private static final AttributeTag ECHO_TIME = new AttributeTag(0x0018, 0x0081);
    private static final AttributeTag INVERSION_TIME = new AttributeTag(0x0018, 0x0082);
    private static final AttributeTag NUMBER_OF_AVERAGES = new AttributeTag(0x0018, 0x0083);
    private static final AttributeTag IMAGING_FREQUENCY = new AttributeTag(0x0018, 0x0084);
    private static final AttributeTag IMAGED_NUCLEUS = new AttributeTag(0x0018, 0x0085);
    private static final AttributeTag ECHO_NUMBERS = new AttributeTag(0x0018, 0x0086);
    private static final AttributeTag MAGNETIC_FIELD_STRENGTH = new AttributeTag(0x0018, 0x0087);
    private static final AttributeTag SPACING_BETWEEN_SLICES = new AttributeTag(0x0018, 0x0088);
    private static final AttributeTag ECHO_TRAIN_LENGTH = new AttributeTag(0x0018, 0x0091);
    private static final AttributeTag PIXEL_BANDWIDTH = new AttributeTag(0x0018, 0x0095);
    private static final AttributeTag RECEIVE_COIL_NAME = new AttributeTag(0x0018, 0x1250);
    private static final AttributeTag TRANSMIT_COIL_NAME = new AttributeTag(0x0018, 0x1251);
    private static final AttributeTag IN_PLANE_PHASE_ENCODING_DIRECTION = new AttributeTag(0x0018, 0x1312);
    private static final AttributeTag FLIP_ANGLE = new AttributeTag(0x0018, 0x1314);

    private final CtSeriesWriter.Patient patient;
    private final CtSeriesWriter.Study study;
    private final UidRoot uids;
    private final int seriesNumber;
    private final String seriesDescription;

    /** @param uidRoot organisation UID root (see {@link UidRoot}); null for 2.25.&lt;UUID&gt; UIDs */
    public MrSeriesWriter(
            CtSeriesWriter.Patient patient,
            CtSeriesWriter.Study study,
            String uidRoot,
            int seriesNumber,
            String seriesDescription) {
        this.patient = Objects.requireNonNull(patient, "patient");
        this.study = Objects.requireNonNull(study, "study");
        this.uids = UidRoot.orUuidArc(uidRoot);
        this.seriesNumber = seriesNumber;
        this.seriesDescription = seriesDescription;
    }

    /** Writes one file per slice into {@code directory} (created if missing), named by instance number. */
    public CtSeriesWriter.Series write(List<SeriesSlice> slices, Path directory) throws IOException {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one slice");
        }
        Files.createDirectories(directory);
        ImageModules.Series series = new ImageModules.Series(
                patient,
                study,
                null,
                uids.random(),
                uids.random(),
                uids.random(),
                seriesNumber,
                seriesDescription,
                Uids.MR_IMAGE_STORAGE,
                "MR",
                "HEAD",
                "synthetic MR 3T");
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < slices.size(); i++) {
                SeriesSlice s = slices.get(i);
                AttributeList list = ImageModules.of(
                        series,
                        new ImageModules.Image(
                                uids.random(),
                                new String[] {"ORIGINAL", "PRIMARY", "OTHER"},
                                i + 1,
                                slices.size(),
                                s.imagePositionPatient(),
                                s.imageOrientationPatient(),
                                s.pixelSpacing(),
                                s.sliceThickness(),
                                s.rows(),
                                s.columns(),
                                BITS_STORED,
                                false,
                                s.values()));
                mprage(list, spacingBetween(slices, i));
                Path file = directory.resolve(String.format("MR%05d.dcm", i + 1));
                ImageModules.write(list, file);
                files.add(file);
            }
        } catch (DicomException e) {
            throw new IOException("cannot build MR image: " + e.getMessage(), e);
        }
        return new CtSeriesWriter.Series(
                series.studyInstanceUid(), series.seriesInstanceUid(), series.frameOfReferenceUid(), files);
    }

    private static double spacingBetween(List<SeriesSlice> slices, int i) {
        if (slices.size() == 1) {
            return slices.get(0).sliceThickness();
        }
        int j = i == 0 ? 1 : i - 1;
        double[] a = slices.get(i).imagePositionPatient();
        double[] b = slices.get(j).imagePositionPatient();
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    /** MR Image module of a 3 T MPRAGE: inversion-prepared 3D gradient echo. */
    private static void mprage(AttributeList l, double spacingBetweenSlices) throws DicomException {
        ImageModules.put(l, SCANNING_SEQUENCE, null, "GR", "IR");
        ImageModules.put(l, SEQUENCE_VARIANT, null, "SK", "SP", "MP");
        ImageModules.put(l, SCAN_OPTIONS, null, "IR");
        ImageModules.put(l, MR_ACQUISITION_TYPE, null, "3D");
        ImageModules.put(l, SEQUENCE_NAME, null, "*tfl3d1");
        ImageModules.put(l, ANGIO_FLAG, null, "N");
        ImageModules.put(l, REPETITION_TIME, null, "2300");
        ImageModules.put(l, ECHO_TIME, null, "2.98");
        ImageModules.put(l, INVERSION_TIME, null, "900");
        ImageModules.put(l, NUMBER_OF_AVERAGES, null, "1");
        ImageModules.put(l, IMAGING_FREQUENCY, null, "123.25");
        ImageModules.put(l, IMAGED_NUCLEUS, null, "1H");
        ImageModules.put(l, ECHO_NUMBERS, null, "1");
        ImageModules.put(l, MAGNETIC_FIELD_STRENGTH, null, "3");
        ImageModules.put(l, SPACING_BETWEEN_SLICES, null, ImageModules.ds(spacingBetweenSlices));
        ImageModules.put(l, ECHO_TRAIN_LENGTH, null, "1");
        ImageModules.put(l, PIXEL_BANDWIDTH, null, "240");
        ImageModules.put(l, RECEIVE_COIL_NAME, null, "Head_32");
        ImageModules.put(l, TRANSMIT_COIL_NAME, null, "Body");
        ImageModules.put(l, IN_PLANE_PHASE_ENCODING_DIRECTION, null, "ROW");
        ImageModules.put(l, FLIP_ANGLE, null, "9");
        ImageModules.put(l, TagFromName.WindowCenter, null, "600");
        ImageModules.put(l, TagFromName.WindowWidth, null, "1200");
    }
}

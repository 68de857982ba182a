package org.aiworklist.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.aiworklist.common.UidRoot;

/**
 * Writes a CT series (CT Image Storage, Explicit VR Little Endian) from Hounsfield values, with the attributes a
 * scanner would set, so that synthetic studies look real to PACS, viewers and our own ingest. Pixels are stored
 * as HU + 1024 with Rescale Intercept -1024 and Slope 1. Output passes dciodvfy without errors.
 *
 * <pre>{@code
 * CtSeriesWriter.Series s = CtSeriesWriter.builder(new CtSeriesWriter.Patient("Doe^Jane", "P1", birth, "F"),
 *         new CtSeriesWriter.Study("ACC1", "CT CHEST", LocalDateTime.now()))
 *     .uidRoot("1.2.826.0.1.3680043.10.999").build().write(slices, dir);
 * }</pre>
 */
public final class CtSeriesWriter {
    /**
     * The patient the series belongs to.
     *
     * @param sex M, F, O or null (written empty)
     */
    public record Patient(String name, String id, LocalDate birthDate, String sex) {
        public Patient {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(id, "id");
        }
    }

    public record Study(String accessionNumber, String description, LocalDateTime dateTime) {
        public Study {
            Objects.requireNonNull(dateTime, "dateTime");
        }
    }

    /** Specific Character Set for non-ASCII names; plain ASCII names are written without one. */
    public enum CharacterSet {
        UTF_8("ISO_IR 192"),
        GB18030("GB18030");

        private final String definedTerm;

        CharacterSet(String definedTerm) {
            this.definedTerm = definedTerm;
        }
    }

    /** What was written: the UIDs and the files, one per slice, in slice order. */
    public record Series(
            String studyInstanceUid, String seriesInstanceUid, String frameOfReferenceUid, List<Path> files) {}

    private static final int INTERCEPT = -1024;
    /** (0018,0060) and (0018,0090): in PixelMed's dictionary but not among its TagFromName constants. */
    private static final AttributeTag KVP = new AttributeTag(0x0018, 0x0060);

    private static final AttributeTag DATA_COLLECTION_DIAMETER = new AttributeTag(0x0018, 0x0090);

    private final Patient patient;
    private final Study study;
    private final UidRoot uids;
    private final String studyInstanceUid;
    /** Null for a plain ASCII name without a forced character set. */
    private final CharacterSet characterSet;

    private final boolean signedPixels;
    private final int seriesNumber;
    private final String seriesDescription;
    private final double windowCenter;
    private final double windowWidth;
    private final double kvp;

    private CtSeriesWriter(Builder b) {
        this.patient = b.patient;
        this.study = b.study;
        this.uids = UidRoot.orUuidArc(b.uidRoot);
        this.studyInstanceUid = b.studyInstanceUid != null ? b.studyInstanceUid : uids.random();
        this.characterSet =
                b.characterSet != null ? b.characterSet : isAscii(patient.name()) ? null : CharacterSet.UTF_8;
        this.signedPixels = b.signedPixels;
        this.seriesNumber = b.seriesNumber;
        this.seriesDescription = b.seriesDescription;
        this.windowCenter = b.windowCenter;
        this.windowWidth = b.windowWidth;
        this.kvp = b.kvp;
    }

    public static Builder builder(Patient patient, Study study) {
        return new Builder(patient, study);
    }

    /** Writes one file per slice into {@code directory} (created if missing), named by instance number. */
    public Series write(List<SeriesSlice> slices, Path directory) throws IOException {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one slice");
        }
        Files.createDirectories(directory);
        String seriesUid = uids.random();
        String frameOfReferenceUid = uids.random();
        List<Path> files = new ArrayList<>();
        try {
            for (int i = 0; i < slices.size(); i++) {
                AttributeList list = slice(slices.get(i), i + 1, slices.size(), seriesUid, frameOfReferenceUid);
                Path file = directory.resolve(String.format("CT%05d.dcm", i + 1));
                ImageModules.write(list, file);
                files.add(file);
            }
        } catch (DicomException e) {
            throw new IOException("cannot build CT image: " + e.getMessage(), e);
        }
        return new Series(studyInstanceUid, seriesUid, frameOfReferenceUid, List.copyOf(files));
    }

    private AttributeList slice(SeriesSlice s, int instanceNumber, int count, String seriesUid, String forUid)
            throws DicomException {
        AttributeList l = ImageModules.of(
                new ImageModules.Series(
                        patient,
                        study,
                        characterSet == null ? null : characterSet.definedTerm,
                        studyInstanceUid,
                        seriesUid,
                        forUid,
                        seriesNumber,
                        seriesDescription,
                        Uids.CT_IMAGE_STORAGE,
                        "CT",
                        "CHEST",
                        "synthetic CT"),
                new ImageModules.Image(
                        uids.random(),
                        new String[] {"ORIGINAL", "PRIMARY", "AXIAL"},
                        instanceNumber,
                        count,
                        s.imagePositionPatient(),
                        s.imageOrientationPatient(),
                        s.pixelSpacing(),
                        s.sliceThickness(),
                        s.rows(),
                        s.columns(),
                        16,
                        signedPixels,
                        stored(s.values())));
        // CT Image
        put(l, TagFromName.RescaleIntercept, null, Integer.toString(INTERCEPT));
        put(l, TagFromName.RescaleSlope, null, "1");
        put(l, TagFromName.RescaleType, null, "HU");
        put(l, KVP, null, ds(kvp));
        put(l, DATA_COLLECTION_DIAMETER, null, "500");
        put(l, TagFromName.ReconstructionDiameter, null, ds(s.pixelSpacing()[1] * s.columns()));
        put(l, TagFromName.ConvolutionKernel, null, "STANDARD");
        put(l, TagFromName.WindowCenter, null, ds(windowCenter));
        put(l, TagFromName.WindowWidth, null, ds(windowWidth));
        return l;
    }

    /** HU + 1024, clamped to what the chosen pixel representation can hold. */
    private short[] stored(short[] hu) {
        short[] out = new short[hu.length];
        int min = signedPixels ? Short.MIN_VALUE : 0;
        int max = signedPixels ? Short.MAX_VALUE : 0xffff;
        for (int i = 0; i < hu.length; i++) {
            out[i] = (short) Math.max(min, Math.min(max, hu[i] - INTERCEPT));
        }
        return out;
    }

    private static void put(AttributeList l, AttributeTag tag, SpecificCharacterSet cs, String... values)
            throws DicomException {
        ImageModules.put(l, tag, cs, values);
    }

    private static String[] ds(double... values) {
        return ImageModules.ds(values);
    }

    private static boolean isAscii(String s) {
        return StandardCharsets.US_ASCII.newEncoder().canEncode(s);
    }

    /** Options of a {@link CtSeriesWriter}; everything but patient and study has a sensible default. */
    public static final class Builder {
        private final Patient patient;
        private final Study study;
        private String uidRoot;
        private String studyInstanceUid;
        private CharacterSet characterSet;
        private boolean signedPixels;
        private int seriesNumber = 1;
        private String seriesDescription = "CT synthetic";
        private double windowCenter = -600;
        private double windowWidth = 1500;
        private double kvp = 120;

        private Builder(Patient patient, Study study) {
            this.patient = Objects.requireNonNull(patient, "patient");
            this.study = Objects.requireNonNull(study, "study");
        }

        /** Organisation UID root (see {@link UidRoot}); without one, UIDs are 2.25.&lt;UUID&gt;. */
        public Builder uidRoot(String root) {
            this.uidRoot = root;
            return this;
        }

        /** Puts the series into an existing study instead of a new one. */
        public Builder studyInstanceUid(String uid) {
            this.studyInstanceUid = uid;
            return this;
        }

        /** Forces a Specific Character Set; by default ISO_IR 192 is used only when the name is not ASCII. */
        public Builder characterSet(CharacterSet cs) {
            this.characterSet = cs;
            return this;
        }

        /** Stores pixels as signed 16 bit (Pixel Representation 1) instead of unsigned. */
        public Builder signedPixels(boolean signed) {
            this.signedPixels = signed;
            return this;
        }

        public Builder series(int number, String description) {
            this.seriesNumber = number;
            this.seriesDescription = description;
            return this;
        }

        public Builder window(double center, double width) {
            this.windowCenter = center;
            this.windowWidth = width;
            return this;
        }

        public Builder kvp(double kvp) {
            this.kvp = kvp;
            return this;
        }

        public CtSeriesWriter build() {
            return new CtSeriesWriter(this);
        }
    }
}

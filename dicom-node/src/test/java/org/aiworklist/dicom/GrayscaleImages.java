package org.aiworklist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Single-frame MONOCHROME2 Secondary Capture images of 2 to 16 bits stored (8 or 16 allocated), for codec tests.
 * The samples span the whole range of the depth: a ramp, a flat band (JPEG-LS run mode), random outliers (large
 * differences) and the extreme values; signed samples are stored sign-extended, as modalities write them.
 */
public final class GrayscaleImages {
    public static final int ROWS = 47;
    public static final int COLUMNS = 61;
    private static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

    /**
     * A decoded grayscale test image.
     *
     * @param samples row-major stored values, sign-extended when signed
     */
    public record Image(Path file, int bitsStored, boolean signed, int[] samples) {}

    private GrayscaleImages() {}

    public static Image write(Path file, int bitsStored, boolean signed) throws IOException {
        int[] samples = samples(bitsStored, signed);
        Files.createDirectories(file.getParent());
        try {
            AttributeList l = new AttributeList();
            put(l, TagFromName.SOPClassUID, SECONDARY_CAPTURE);
            put(l, TagFromName.SOPInstanceUID, "2.25.3" + bitsStored + (signed ? 1 : 0));
            put(l, TagFromName.StudyInstanceUID, "2.25.1");
            put(l, TagFromName.SeriesInstanceUID, "2.25.2");
            put(l, TagFromName.Modality, "OT");
            put(l, TagFromName.ConversionType, "WSD");
            put(l, TagFromName.SamplesPerPixel, "1");
            put(l, TagFromName.PhotometricInterpretation, "MONOCHROME2");
            put(l, TagFromName.Rows, Integer.toString(ROWS));
            put(l, TagFromName.Columns, Integer.toString(COLUMNS));
            int bitsAllocated = bitsStored <= 8 ? 8 : 16;
            put(l, TagFromName.BitsAllocated, Integer.toString(bitsAllocated));
            put(l, TagFromName.BitsStored, Integer.toString(bitsStored));
            put(l, TagFromName.HighBit, Integer.toString(bitsStored - 1));
            put(l, TagFromName.PixelRepresentation, signed ? "1" : "0");
            l.put(pixelData(samples, bitsAllocated));
            FileMetaInformation.addFileMetaInformation(l, TransferSyntax.ExplicitVRLittleEndian, "AIWORKLIST");
            l.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        } catch (DicomException e) {
            throw new IOException(e);
        }
        return new Image(file, bitsStored, signed, samples);
    }

    /** The transfer syntax in the file's meta information, to check that a tool really compressed. */
    public static String transferSyntax(Path file) throws IOException {
        AttributeList meta = new AttributeList();
        try {
            meta.readOnlyMetaInformationHeader(file.toFile());
        } catch (DicomException e) {
            throw new IOException(e);
        }
        return Attribute.getSingleStringValueOrNull(meta, TagFromName.TransferSyntaxUID);
    }

    private static int[] samples(int bits, boolean signed) {
        int min = signed ? -(1 << (bits - 1)) : 0;
        int range = 1 << bits;
        Random random = new Random(bits);
        int[] s = new int[ROWS * COLUMNS];
        for (int i = 0; i < s.length; i++) {
            int row = i / COLUMNS;
            if (row >= 20 && row < 26) {
                s[i] = min + range / 3; // flat band
            } else if (i % 7 == 0) {
                s[i] = min + random.nextInt(range);
            } else {
                s[i] = min + (int) ((long) i * range / s.length); // smooth ramp over the range
            }
        }
        s[0] = min;
        s[1] = min + range - 1;
        s[s.length - 1] = min + range - 1;
        return s;
    }

    /**
     * The samples as Pixel Data: OB of one byte each, or OW of one word each. Both are filled from the samples'
     * little-endian bytes of the allocated width, which PixelMed pairs into words for OW.
     */
    private static Attribute pixelData(int[] samples, int bitsAllocated) throws DicomException {
        int bytesPerSample = bitsAllocated / 8;
        byte[] bytes = new byte[samples.length * bytesPerSample];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (samples[i / bytesPerSample] >> (8 * (i % bytesPerSample)));
        }
        Attribute a = bytesPerSample == 1
                ? new OtherByteAttribute(TagFromName.PixelData)
                : new OtherWordAttribute(TagFromName.PixelData);
        a.setValues(bytes, false);
        return a;
    }

    private static void put(AttributeList l, AttributeTag tag, String value) throws DicomException {
        l.putNewAttribute(tag).addValue(value);
    }
}

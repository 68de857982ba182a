package org.aiworklist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.StoredDisplay;

/**
 * Decodes one grayscale image plane for inference, with its geometry and modality values (Rescale Slope and
 * Intercept applied, so CT comes out in HU). Compressed transfer syntaxes are decoded as far as PixelMed and the
 * installed ImageIO readers can: RLE, Deflate, 8-bit JPEG Baseline (JDK), JPEG Lossless (PixelMed's reader,
 * registered in {@code codec}) and JPEG-LS (our reader in {@code codec}, single component); JPEG 2000 and 12-bit
 * JPEG need a further ImageIO plugin and otherwise fail with an IOException.
 */
public final class DicomSliceReader {
    private DicomSliceReader() {}

    public static ImageSlice read(Path file) throws IOException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
        } catch (DicomException | RuntimeException e) {
            throw new IOException(
                    "cannot read " + file.getFileName() + " (" + transferSyntax(list) + "): " + e.getMessage(), e);
        }
        try {
            return slice(list);
        } catch (DicomException | IOException | RuntimeException e) {
            throw new IOException(
                    "cannot decode pixels of " + file.getFileName() + " (" + transferSyntax(list) + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /** How a projection image asks to be shown: its first VOI window and MONOCHROME1; the header only is read. */
    public static StoredDisplay storedDisplay(Path file) throws IOException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile(), TagFromName.PixelData);
        } catch (DicomException | RuntimeException e) {
            throw new IOException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
        Double centre = first(list, TagFromName.WindowCenter);
        Double width = first(list, TagFromName.WindowWidth);
        boolean inverted =
                "MONOCHROME1".equals(Attribute.getSingleStringValueOrNull(list, TagFromName.PhotometricInterpretation));
        return centre == null || width == null
                ? new StoredDisplay(null, null, inverted)
                : new StoredDisplay(centre, width, inverted);
    }

    private static Double first(AttributeList list, AttributeTag tag) throws IOException {
        Attribute a = list.get(tag);
        try {
            return a == null || a.getVM() == 0 ? null : a.getDoubleValues()[0];
        } catch (DicomException e) {
            throw new IOException("unreadable " + tag, e);
        }
    }

    private static ImageSlice slice(AttributeList list) throws DicomException, IOException {
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int samples = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        int frames = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.NumberOfFrames, 1);
        int bitsAllocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
        int bitsStored = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, bitsAllocated);
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1.0);
        double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0.0);
        if (samples != 1 || frames != 1) {
            throw new IOException(
                    "only single-frame grayscale images are read (samples " + samples + ", frames " + frames + ")");
        }
        Attribute pixelData = list.getPixelData();
        if (pixelData == null || rows == 0 || columns == 0) {
            // PixelMed logs a failed decompression and drops the pixel data rather than throwing
            throw new IOException("no pixel data, or none that could be decompressed");
        }
        int n = rows * columns;
        float[] values = new float[n];
        int mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
        int signBit = 1 << (bitsStored - 1);
        if (bitsAllocated == 16) {
            short[] raw = pixelData.getShortValues();
            requireLength(raw.length, n);
            for (int i = 0; i < n; i++) {
                values[i] = (float) (stored(raw[i], mask, signBit, signed) * slope + intercept);
            }
        } else if (bitsAllocated == 8) {
            byte[] raw = eightBitSamples(pixelData);
            requireLength(raw.length, n);
            for (int i = 0; i < n; i++) {
                values[i] = (float) (stored(raw[i], mask, signBit, signed) * slope + intercept);
            }
        } else {
            throw new IOException("Bits Allocated " + bitsAllocated + " not supported");
        }
        ImageReference ref = new ImageReference(
                text(list, TagFromName.StudyInstanceUID),
                text(list, TagFromName.SeriesInstanceUID),
                text(list, TagFromName.SOPClassUID),
                text(list, TagFromName.SOPInstanceUID));
        return new ImageSlice(
                ref,
                Attribute.getSingleStringValueOrNull(list, TagFromName.Modality),
                Attribute.getSingleStringValueOrNull(list, TagFromName.FrameOfReferenceUID),
                rows,
                columns,
                doubles(list, TagFromName.ImagePositionPatient, 3),
                doubles(list, TagFromName.ImageOrientationPatient, 6),
                doubles(list, TagFromName.PixelSpacing, 2),
                Attribute.getSingleDoubleValueOrDefault(list, TagFromName.SliceThickness, Double.NaN),
                values);
    }

    /** 8-bit samples, also when they arrive in an OW element (two samples per little-endian word). */
    private static byte[] eightBitSamples(Attribute pixelData) throws DicomException {
        if (!(pixelData instanceof OtherWordAttribute)) {
            return pixelData.getByteValues();
        }
        short[] words = pixelData.getShortValues();
        byte[] bytes = new byte[words.length * 2];
        for (int i = 0; i < words.length; i++) {
            bytes[2 * i] = (byte) words[i];
            bytes[2 * i + 1] = (byte) (words[i] >> 8);
        }
        return bytes;
    }

    /** The stored value as an integer, sign-extended from Bits Stored when Pixel Representation is signed. */
    private static int stored(int raw, int mask, int signBit, boolean signed) {
        int v = raw & mask;
        return signed && (v & signBit) != 0 ? v - (mask + 1) : v;
    }

    private static void requireLength(int actual, int expected) throws IOException {
        if (actual < expected) {
            throw new IOException("pixel data holds " + actual + " values, " + expected + " expected"
                    + " (still compressed? no decoder for this transfer syntax)");
        }
    }

    private static String text(AttributeList list, AttributeTag tag) throws IOException {
        String s = Attribute.getSingleStringValueOrNull(list, tag);
        if (s == null) {
            throw new IOException("missing " + tag);
        }
        return s;
    }

    private static double[] doubles(AttributeList list, AttributeTag tag, int count) throws DicomException {
        Attribute a = list.get(tag);
        if (a == null || a.getVM() != count) {
            return null;
        }
        return a.getDoubleValues();
    }

    private static String transferSyntax(AttributeList list) {
        String ts = Attribute.getSingleStringValueOrNull(list, TagFromName.TransferSyntaxUID);
        return ts == null ? "transfer syntax unknown" : "transfer syntax " + ts;
    }
}

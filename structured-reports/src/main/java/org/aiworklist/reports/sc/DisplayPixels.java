package org.aiworklist.reports.sc;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.display.SourceImage;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import org.aiworklist.reports.dicom.Attrs;

/**
 * Turns one frame of an image (the first, unless told) into an 8-bit displayable RGB picture: stored values through the
 * modality rescale, then a linear window. PixelMed's SourceImage decompresses the pixel data (JPEG, JPEG-LS,
 * JPEG 2000 and RLE, as far as its codecs go), so compressed sources need nothing extra here.
 */
public final class DisplayPixels {
    /** Lung window, a sensible default for chest CT overlays. */
    static final double CT_CENTER = -600;

    static final double CT_WIDTH = 1500;

    private DisplayPixels() {}

    public static BufferedImage read(Path file) throws IOException {
        return read(file, 0);
    }

    /** Frame {@code frame} (0-based) of a single- or multi-frame image. */
    public static BufferedImage read(Path file, int frame) throws IOException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
            SourceImage image = new SourceImage(list);
            if (frame < 0 || frame >= image.getNumberOfFrames()) {
                throw new IOException(file.getFileName() + " has no frame " + (frame + 1));
            }
            BufferedImage raw = image.getBufferedImage(frame);
            if (Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1) == 3) {
                return rgb(raw);
            }
            return windowed(list, raw.getRaster());
        } catch (DicomException e) {
            throw new IOException("cannot decode source pixels of " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage rgb(BufferedImage colour) {
        BufferedImage out = new BufferedImage(colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(colour, 0, 0, null);
        g.dispose();
        return out;
    }

    private static BufferedImage windowed(AttributeList list, Raster raster) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int bits = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, 16);
        boolean signed = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.PixelRepresentation, 0) == 1;
        double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1);
        double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0);
        double[] values = new double[w * h];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = raster.getSample(x, y, 0);
                // The raster may or may not have sign-extended; normalise from Bits Stored either way.
                v = signed ? (v << (32 - bits)) >> (32 - bits) : bits < 32 ? v & ((1 << bits) - 1) : v;
                double m = v * slope + intercept;
                values[y * w + x] = m;
                min = Math.min(min, m);
                max = Math.max(max, m);
            }
        }
        double[] window = window(list, min, max);
        boolean invert = "MONOCHROME1".equals(Attrs.string(list, TagFromName.PhotometricInterpretation));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double lower = window[0] - 0.5 - (window[1] - 1) / 2;
        double range = Math.max(window[1] - 1, 1);
        for (int i = 0; i < values.length; i++) {
            int grey = (int) Math.round(Math.min(1, Math.max(0, (values[i] - lower) / range)) * 255);
            if (invert) {
                grey = 255 - grey;
            }
            out.setRGB(i % w, i / w, grey << 16 | grey << 8 | grey);
        }
        return out;
    }

    /** Center and width: lung window for CT, else the source's first window, else the value range. */
    private static double[] window(AttributeList list, double min, double max) {
        if ("CT".equals(Attrs.string(list, TagFromName.Modality))) {
            return new double[] {CT_CENTER, CT_WIDTH};
        }
        double[] c = Attrs.doubles(list, TagFromName.WindowCenter);
        double[] w = Attrs.doubles(list, TagFromName.WindowWidth);
        if (c != null && w != null && w[0] >= 1) {
            return new double[] {c[0], w[0]};
        }
        return new double[] {(min + max) / 2, Math.max(max - min, 1)};
    }
}

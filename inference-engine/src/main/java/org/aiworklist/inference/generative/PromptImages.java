package org.aiworklist.inference.generative;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.StoredDisplay;

/**
 * Turns the slices to send into the PNG images a vision-language model reads, as MedGemma 1.5 was trained:
 * <ul>
 *   <li>CT: Hounsfield units windowed three ways into one RGB image (R wide -1024..1024, G soft tissue -135..215,
 *       B brain 0..80), values rounded half to even as numpy does;
 *   <li>MR: no calibrated unit, so one linear window per series, from its 0.5th to its 99.5th percentile over the
 *       slices sent (robust to a few hot voxels), grey in all three channels;
 *   <li>CR, DX: the image as it is stored to be shown: its own first VOI window (else its value range),
 *       MONOCHROME1 inverted, grey.
 * </ul>
 * Each image is then fitted into a black square of the encoder's size (896 px for Gemma 3) without distortion.
 */
public final class PromptImages {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** MedGemma 1.5's CT windows (low, high HU) for R, G and B. */
    static final double[][] CT_WINDOWS = {{-1024, 1024}, {-135, 215}, {0, 80}};

    /** Percentiles of an MR series' values mapped to black and white. */
    static final double MR_LOW_PERCENTILE = 0.5;

    static final double MR_HIGH_PERCENTILE = 99.5;
    /** Values per slice looked at for the MR percentiles, at most: enough for a stable estimate. */
    private static final int MR_SAMPLES_PER_SLICE = 65_536;

    /** One slice to send, decoded: its modality values and, for projection images, how it is meant to be shown. */
    public record Slice(ImageSlice pixels, StoredDisplay display) {}

    /** Decodes the slice at an index of the slices to send; called once per slice (twice for MR). */
    @FunctionalInterface
    public interface Reader {
        Slice read(int index) throws IOException;
    }

    private PromptImages() {}

    /** The PNG images for {@code count} slices of one series of the given modality, in order. */
    public static List<byte[]> encode(String modality, int count, int size, Reader reader) throws IOException {
        double[] mrRange = "MR".equals(modality) ? percentileRange(count, reader) : null;
        List<byte[]> pngs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Slice slice = reader.read(i);
            BufferedImage image =
                    switch (modality) {
                        case "CT" -> ctWindows(slice.pixels());
                        case "MR" -> grey(slice.pixels(), mrRange[0], mrRange[1], false);
                        case "CR", "DX" -> asStored(slice.pixels(), slice.display());
                        default -> throw new IllegalArgumentException("no image preparation for modality " + modality);
                    };
            pngs.add(png(fitted(image, size)));
        }
        return pngs;
    }

    /** The three CT windows as R, G and B. */
    static BufferedImage ctWindows(ImageSlice s) {
        BufferedImage out = new BufferedImage(s.columns(), s.rows(), BufferedImage.TYPE_INT_RGB);
        float[] hu = s.values();
        for (int i = 0; i < hu.length; i++) {
            int r = window(hu[i], CT_WINDOWS[0][0], CT_WINDOWS[0][1]);
            int g = window(hu[i], CT_WINDOWS[1][0], CT_WINDOWS[1][1]);
            int b = window(hu[i], CT_WINDOWS[2][0], CT_WINDOWS[2][1]);
            out.setRGB(i % s.columns(), i / s.columns(), r << 16 | g << 8 | b);
        }
        return out;
    }

    /** The notebook's norm(): clip to [low, high], scale to 0..255, round half to even. */
    static int window(double value, double low, double high) {
        double clipped = Math.min(high, Math.max(low, value));
        return (int) Math.rint((clipped - low) / (high - low) * 255.0);
    }

    /** Linear grey from low (black) to high (white), optionally inverted. */
    static BufferedImage grey(ImageSlice s, double low, double high, boolean inverted) {
        BufferedImage out = new BufferedImage(s.columns(), s.rows(), BufferedImage.TYPE_INT_RGB);
        float[] v = s.values();
        double range = Math.max(high - low, 1e-6);
        for (int i = 0; i < v.length; i++) {
            int grey = (int) Math.round(Math.min(1, Math.max(0, (v[i] - low) / range)) * 255);
            if (inverted) {
                grey = 255 - grey;
            }
            out.setRGB(i % s.columns(), i / s.columns(), grey << 16 | grey << 8 | grey);
        }
        return out;
    }

    /** The stored VOI window (PS3.3 C.11.2.1.2 linear function), else the value range; MONOCHROME1 inverted. */
    static BufferedImage asStored(ImageSlice s, StoredDisplay display) {
        boolean inverted = display != null && display.inverted();
        if (display != null && display.hasWindow()) {
            double c = display.windowCentre();
            double w = display.windowWidth();
            double low = c - 0.5 - (w - 1) / 2;
            return grey(s, low, low + Math.max(w - 1, 1), inverted);
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : s.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return grey(s, min, max, inverted);
    }

    /** The MR series' 0.5th and 99.5th percentiles over the slices sent (a strided sample of each). */
    static double[] percentileRange(int count, Reader reader) throws IOException {
        List<float[]> samples = new ArrayList<>();
        int total = 0;
        for (int i = 0; i < count; i++) {
            float[] v = reader.read(i).pixels().values();
            int stride = Math.max(1, v.length / MR_SAMPLES_PER_SLICE);
            float[] sample = new float[(v.length + stride - 1) / stride];
            for (int k = 0; k < sample.length; k++) {
                sample[k] = v[k * stride];
            }
            samples.add(sample);
            total += sample.length;
        }
        float[] all = new float[total];
        int at = 0;
        for (float[] sample : samples) {
            System.arraycopy(sample, 0, all, at, sample.length);
            at += sample.length;
        }
        Arrays.sort(all);
        return new double[] {percentile(all, MR_LOW_PERCENTILE), percentile(all, MR_HIGH_PERCENTILE)};
    }

    private static double percentile(float[] sorted, double p) {
        return sorted[(int) Math.round(p / 100 * (sorted.length - 1))];
    }

    /** The image scaled (bilinear) to fit a black size x size square, centred, aspect kept. */
    static BufferedImage fitted(BufferedImage image, int size) {
        double scale = Math.min((double) size / image.getWidth(), (double) size / image.getHeight());
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, (size - w) / 2, (size - h) / 2, w, h, null);
        g.dispose();
        return out;
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer in this JDK");
        }
        return out.toByteArray();
    }
}

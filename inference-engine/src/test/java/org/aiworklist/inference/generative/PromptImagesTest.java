package org.aiworklist.inference.generative;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.StoredDisplay;
import org.junit.jupiter.api.Test;

/** MedGemma 1.5's CT windows exactly as its notebook computes them, and the other modalities' preparation. */
class PromptImagesTest {
    private static final ImageReference REF =
            new ImageReference("1.2", "1.2.3", "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4");

    private static ImageSlice slice(int rows, int columns, float... values) {
        return new ImageSlice(REF, "CT", null, rows, columns, null, null, null, 1, values);
    }

    @Test
    void theThreeCtWindowsClipScaleAndRoundHalfToEven() {
        double[][] w = PromptImages.CT_WINDOWS;
        assertEquals(0, PromptImages.window(-2000, w[0][0], w[0][1]));
        assertEquals(255, PromptImages.window(3000, w[0][0], w[0][1]));
        assertEquals(128, PromptImages.window(0, w[0][0], w[0][1]), "127.5 rounds to the even 128");
        assertEquals(0, PromptImages.window(-135, w[1][0], w[1][1]));
        assertEquals(255, PromptImages.window(215, w[1][0], w[1][1]));
        assertEquals(0, PromptImages.window(-1, w[2][0], w[2][1]));
        assertEquals(64, PromptImages.window(20, w[2][0], w[2][1]), "63.75 rounds to 64");
        assertEquals(255, PromptImages.window(80, w[2][0], w[2][1]));
    }

    @Test
    void ctSlicesBecomeRedGreenBlueOfTheirWindows() {
        BufferedImage rgb = PromptImages.ctWindows(slice(1, 3, -1000, 40, 1000));
        assertArrayEquals(new int[] {3, 0, 0}, channels(rgb.getRGB(0, 0)), "air/lung: wide window only");
        assertArrayEquals(new int[] {132, 128, 128}, channels(rgb.getRGB(1, 0)), "soft tissue");
        assertArrayEquals(new int[] {252, 255, 255}, channels(rgb.getRGB(2, 0)), "bone");
    }

    @Test
    void anImageIsFittedIntoTheSquareWithoutDistortion() throws Exception {
        BufferedImage wide = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 100; x++) {
            for (int y = 0; y < 50; y++) {
                wide.setRGB(x, y, 0xffffff);
            }
        }
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(PromptImages.png(PromptImages.fitted(wide, 896))));
        assertEquals(896, png.getWidth());
        assertEquals(896, png.getHeight());
        assertEquals(0, png.getRGB(448, 100) & 0xffffff, "black above the picture");
        assertEquals(0xffffff, png.getRGB(448, 448) & 0xffffff, "the picture in the middle");
        assertEquals(0xffffff, png.getRGB(5, 448) & 0xffffff, "full width");
    }

    @Test
    void mrIsNormalisedPerSeriesFromItsPercentiles() throws Exception {
        float[] a = new float[1000];
        float[] b = new float[1000];
        for (int i = 0; i < 1000; i++) {
            a[i] = i;
            b[i] = 1000 + i;
        }
        List<ImageSlice> series = List.of(slice(10, 100, a), slice(10, 100, b));
        double[] range = PromptImages.percentileRange(2, i -> new PromptImages.Slice(series.get(i), null));
        assertEquals(10, range[0], 1, "0.5th percentile of 0..1999");
        assertEquals(1990, range[1], 1, "99.5th percentile");
        List<byte[]> pngs = PromptImages.encode("MR", 2, 64, i -> new PromptImages.Slice(series.get(i), null));
        assertEquals(2, pngs.size());
    }

    @Test
    void projectionImagesAreWindowedAsStoredAndMonochrome1Inverted() {
        ImageSlice dx = slice(1, 3, 0, 500, 1000);
        BufferedImage windowed = PromptImages.asStored(dx, new StoredDisplay(500.0, 201.0, false));
        assertArrayEquals(new int[] {0, 0, 0}, channels(windowed.getRGB(0, 0)));
        assertArrayEquals(new int[] {128, 128, 128}, channels(windowed.getRGB(1, 0)));
        assertArrayEquals(new int[] {255, 255, 255}, channels(windowed.getRGB(2, 0)));
        BufferedImage inverted = PromptImages.asStored(dx, new StoredDisplay(null, null, true));
        assertArrayEquals(new int[] {255, 255, 255}, channels(inverted.getRGB(0, 0)), "no window: range, inverted");
        assertArrayEquals(new int[] {0, 0, 0}, channels(inverted.getRGB(2, 0)));
    }

    @Test
    void aModalityWithoutPreparationIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> PromptImages.encode("US", 1, 64, i -> new PromptImages.Slice(slice(1, 1, 0), null)));
    }

    private static int[] channels(int rgb) {
        return new int[] {rgb >> 16 & 0xff, rgb >> 8 & 0xff, rgb & 0xff};
    }
}

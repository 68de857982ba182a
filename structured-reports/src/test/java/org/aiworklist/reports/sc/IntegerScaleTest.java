package org.aiworklist.reports.sc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class IntegerScaleTest {
    @Test
    void smallestWholeFactorReachingTheTarget() {
        assertEquals(4, IntegerScale.factorFor(128, 128, 512));
        assertEquals(2, IntegerScale.factorFor(256, 256, 512));
        assertEquals(3, IntegerScale.factorFor(200, 180, 512));
        assertEquals(2, IntegerScale.factorFor(256, 400, 512));
        assertEquals(1, IntegerScale.factorFor(512, 512, 512));
        assertEquals(1, IntegerScale.factorFor(2048, 2500, 512));
    }

    @Test
    void factorOneIsTheSourceItself() {
        BufferedImage in = ramp(16, 8);
        assertSame(in, IntegerScale.upscale(in, 1));
    }

    @Test
    void outputIsExactlyKTimesTheSource() {
        BufferedImage out = IntegerScale.upscale(ramp(30, 20), 4);
        assertEquals(120, out.getWidth());
        assertEquals(80, out.getHeight());
    }

    @Test
    void aFlatPictureStaysFlat() {
        BufferedImage in = new BufferedImage(9, 7, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 9; x++) {
                in.setRGB(x, y, 0x405060);
            }
        }
        BufferedImage out = IntegerScale.upscale(in, 2);
        for (int y = 0; y < out.getHeight(); y++) {
            for (int x = 0; x < out.getWidth(); x++) {
                assertEquals(0x405060, out.getRGB(x, y) & 0xffffff);
            }
        }
    }

    /** With an odd factor the centre output pixel of each k x k cell lies on the source pixel: unchanged. */
    @Test
    void oddFactorKeepsSourcePixelsAtCellCentres() {
        BufferedImage in = ramp(12, 10);
        BufferedImage out = IntegerScale.upscale(in, 3);
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 12; x++) {
                assertEquals(in.getRGB(x, y), out.getRGB(3 * x + 1, 3 * y + 1), x + "," + y);
            }
        }
    }

    /** Smooth, not blocky: across a linear ramp, neighbouring output pixels of one cell differ. */
    @Test
    void noBlocksOnARamp() {
        BufferedImage out = IntegerScale.upscale(ramp(32, 4), 4);
        int y = 6;
        int distinct = 0;
        for (int x = 9; x < 100; x++) {
            if ((out.getRGB(x, y) & 0xff) != (out.getRGB(x - 1, y) & 0xff)) {
                distinct++;
            }
        }
        assertTrue(distinct > 80, "nearest-neighbour would change only every 4th pixel: " + distinct);
    }

    /** Grey ramp along x, 8 levels a pixel. */
    private static BufferedImage ramp(int w, int h) {
        BufferedImage in = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = Math.min(255, x * 8);
                in.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return in;
    }
}

package org.aiworklist.reports.sc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameRendererTest {
    private static final String LONG = "nodule-12 14.5 mm p=0.998";

    @Test
    void imageAreaIsAWholeMultipleOfTheSource() {
        FrameRenderer small = FrameRenderer.forSources("m", "1", null, List.of(new Dimension(128, 128)));
        assertEquals(512, small.columns());
        assertEquals(512, small.imageArea().height);
        assertTrue(small.rows() > small.imageArea().y + 512, "banner above, footer below the image area");
        FrameRenderer dx = FrameRenderer.forSources("m", "1", null, List.of(new Dimension(256, 200)));
        assertEquals(512, dx.columns());
        assertEquals(400, dx.imageArea().height);
        FrameRenderer big = FrameRenderer.forSources("m", "1", null, List.of(new Dimension(700, 600)));
        assertEquals(700, big.columns(), "source resolution from 512 up");
        assertEquals(600, big.imageArea().height);
        FrameRenderer mixed =
                FrameRenderer.forSources("m", "1", null, List.of(new Dimension(128, 128), new Dimension(300, 300)));
        assertEquals(600, mixed.columns(), "the larger scaled slice sets the size; 128 x 4 fits in it");
    }

    @Test
    void framesHaveTheRendererSize() {
        FrameRenderer r = FrameRenderer.forSources("m", "1", "demo", List.of(new Dimension(128, 128)));
        BufferedImage key = r.keySlice(grey(128, 128), List.of(new FrameRenderer.Mark(64, 64, 5, "a")), "cap");
        BufferedImage summary = r.summary("1 finding", List.of("1. a"));
        for (BufferedImage f : List.of(key, summary)) {
            assertEquals(r.columns(), f.getWidth());
            assertEquals(r.rows(), f.getHeight());
        }
    }

    /** Marks on every edge and corner: each label box lies wholly inside the image area, and was drawn. */
    @Test
    void labelsStayInsideTheImageAreaAtTheEdges() {
        FrameRenderer r = FrameRenderer.forSources("m", "1", null, List.of(new Dimension(128, 128)));
        Rectangle area = r.imageArea();
        double[][] places = {{127, 64}, {0, 64}, {64, 0}, {64, 127}, {0, 0}, {127, 0}, {0, 127}, {127, 127}};
        for (double[] p : places) {
            for (double radius : new double[] {0, 4, 40}) {
                FrameRenderer.Rendered out = r.render(
                        grey(128, 128),
                        List.of(new FrameRenderer.Mark(p[0], p[1], radius, LONG)),
                        "Series 2, image 11");
                Rectangle box = out.labelBoxes().get(0);
                String where = p[0] + "," + p[1] + " r=" + radius + ": " + box;
                assertTrue(area.contains(box), where);
                assertTrue(hasMarkColour(out.image(), box), "label drawn in its box at " + where);
            }
        }
    }

    @Test
    void aLabelWiderThanTheFrameIsShrunkToFit() {
        FrameRenderer r = FrameRenderer.forSources("m", "1", null, List.of(new Dimension(128, 128)));
        FrameRenderer.Rendered out =
                r.render(grey(128, 128), List.of(new FrameRenderer.Mark(120, 5, 3, "x".repeat(60) + " p=0.5")), "c");
        assertTrue(r.imageArea().contains(out.labelBoxes().get(0)));
    }

    @Test
    void labelGoesRightOfTheCircleWhenThereIsRoom() {
        FrameRenderer r = FrameRenderer.forSources("m", "1", null, List.of(new Dimension(128, 128)));
        Rectangle box = r.labelBox(100, 18, 200, 300, 10);
        assertTrue(box.x >= 210, box.toString());
        Rectangle left = r.labelBox(100, 18, 500, 300, 10);
        assertTrue(left.x + left.width <= 490, "left of a circle near the right edge: " + left);
    }

    private static boolean hasMarkColour(BufferedImage image, Rectangle box) {
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                int rgb = image.getRGB(x, y);
                if ((rgb >> 16 & 0xff) > 200 && (rgb >> 8 & 0xff) > 150 && (rgb & 0xff) < 80) {
                    return true;
                }
            }
        }
        return false;
    }

    private static BufferedImage grey(int w, int h) {
        BufferedImage in = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (x + y) % 256;
                in.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return in;
    }
}

package org.aiworklist.reports.sc;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws the SC frames with Java2D, headless: a key slice with each finding circled and labelled, or a
 * summary page. Every frame carries the banner, and nothing that identifies the patient is drawn, so the
 * objects can honestly say Burned In Annotation NO.
 */
public final class FrameRenderer {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** All frames share one size: a multi-frame object has a single Rows/Columns. */
    public static final int SIZE = 768;

    private static final int BANNER = 48;
    private static final int FOOTER = 28;
    private static final Color BANNER_BACKGROUND = new Color(150, 0, 0);
    private static final Color MARK = new Color(255, 210, 0);

    /** One finding on a key slice, in source pixel coordinates (0-based pixel indices). */
    public record Mark(double column, double row, double radiusPx, String label) {}

    private final String banner;
    private final String disclaimer;

    public FrameRenderer(String modelName, String modelVersion, String disclaimer) {
        this.banner = "AI RESULT \u2014 NOT FOR PRIMARY DIAGNOSIS \u2014 " + modelName + " " + modelVersion;
        this.disclaimer = disclaimer == null ? "" : disclaimer;
    }

    public BufferedImage keySlice(BufferedImage display, List<Mark> marks, String caption) {
        BufferedImage frame = blank();
        Graphics2D g = graphics(frame);
        double scale =
                Math.min((double) SIZE / display.getWidth(), (double) (SIZE - BANNER - FOOTER) / display.getHeight());
        int w = (int) Math.round(display.getWidth() * scale);
        int h = (int) Math.round(display.getHeight() * scale);
        int x0 = (SIZE - w) / 2;
        int y0 = BANNER + (SIZE - BANNER - FOOTER - h) / 2;
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(display, x0, y0, w, h, null);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.setStroke(new BasicStroke(2f));
        for (Mark m : marks) {
            double cx = x0 + (m.column() + 0.5) * scale;
            double cy = y0 + (m.row() + 0.5) * scale;
            double r = Math.max(m.radiusPx() * scale, 6);
            g.setColor(MARK);
            g.drawOval((int) Math.round(cx - r), (int) Math.round(cy - r), (int) Math.round(2 * r), (int)
                    Math.round(2 * r));
            label(g, m.label(), (int) Math.round(cx + r + 4), (int) Math.round(cy - r));
        }
        footer(g, caption);
        bannerOn(g);
        g.dispose();
        return frame;
    }

    public BufferedImage summary(String title, List<String> lines) {
        BufferedImage frame = blank();
        Graphics2D g = graphics(frame);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
        int y = BANNER + 48;
        g.drawString(title, 24, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        for (String line : lines) {
            y += 28;
            if (y > SIZE - FOOTER - 8) {
                g.drawString("\u2026", 24, y);
                break;
            }
            g.drawString(line, 24, y);
        }
        footer(g, disclaimer);
        bannerOn(g);
        g.dispose();
        return frame;
    }

    private static BufferedImage blank() {
        return new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage frame) {
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    /** Text on a dark box so it stays legible over bright anatomy. */
    private static void label(Graphics2D g, String text, int x, int y) {
        FontMetrics fm = g.getFontMetrics();
        int tx = Math.min(x, SIZE - fm.stringWidth(text) - 4);
        int ty = Math.max(y, BANNER + fm.getAscent() + 2);
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(tx - 2, ty - fm.getAscent(), fm.stringWidth(text) + 4, fm.getHeight());
        g.setColor(MARK);
        g.drawString(text, tx, ty);
    }

    private void bannerOn(Graphics2D g) {
        g.setColor(BANNER_BACKGROUND);
        g.fillRect(0, 0, SIZE, BANNER);
        g.setColor(Color.WHITE);
        fitted(g, banner, Font.BOLD, 18, 20);
        if (!disclaimer.isEmpty()) {
            fitted(g, disclaimer, Font.PLAIN, 13, 40);
        }
    }

    /** Draws a line at baseline y, shrinking the font until it fits the frame width. */
    private static void fitted(Graphics2D g, String text, int style, int size, int y) {
        int s = size;
        g.setFont(new Font(Font.SANS_SERIF, style, s));
        while (s > 8 && g.getFontMetrics().stringWidth(text) > SIZE - 16) {
            g.setFont(new Font(Font.SANS_SERIF, style, --s));
        }
        g.drawString(text, 8, y);
    }

    private static void footer(Graphics2D g, String text) {
        g.setColor(Color.LIGHT_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(text, 8, SIZE - 9);
    }
}

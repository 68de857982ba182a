package org.aiworklist.reports.sc;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws the SC frames with Java2D, headless: a key slice with each finding circled and labelled, or a
 * summary page. Every frame carries the banner, and nothing that identifies the patient is drawn, so the
 * objects can honestly say Burned In Annotation NO.
 *
 * <p>Layout: a banner strip on top, the image area, a footer strip below. A key slice is shown at its source
 * resolution when its longer side has {@link #TARGET} pixels or more, else enlarged by the smallest whole
 * factor that reaches it ({@link IntegerScale}, bicubic, before anything is drawn); circles and labels are then
 * drawn at the output resolution. All frames of a write share one size (a multi-frame object has a single
 * Rows/Columns): the image area is the largest scaled key slice, smaller ones centred in it.
 */
public final class FrameRenderer {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Key slices smaller than this (longer side) are enlarged by a whole factor up to at least this. */
    public static final int TARGET = 512;

    private static final int BANNER = 48;
    private static final int FOOTER = 28;
    /** Gap between a label box and the image area's edges. */
    private static final int MARGIN = 2;

    private static final Color BANNER_BACKGROUND = new Color(150, 0, 0);
    private static final Color MARK = new Color(255, 210, 0);
    private static final Color LABEL_BACKGROUND = new Color(0, 0, 0, 170);

    /** One finding on a key slice, in source pixel coordinates (0-based pixel indices). */
    public record Mark(double column, double row, double radiusPx, String label) {}

    /** A rendered key slice and where its labels' boxes went (frame pixel coordinates). */
    record Rendered(BufferedImage image, List<Rectangle> labelBoxes) {}

    private final String banner;
    private final String disclaimer;
    private final int width;
    private final int imageHeight;
    /** Whole factor for strips, fonts and strokes, so they stay legible on very large frames. */
    private final int ui;

    /**
     * @param imageWidth  width of the image area, which is the frame's width (Columns)
     * @param imageHeight height of the image area, between the banner and the footer
     */
    public FrameRenderer(String modelName, String modelVersion, String disclaimer, int imageWidth, int imageHeight) {
        this.banner = "AI RESULT \u2014 NOT FOR PRIMARY DIAGNOSIS \u2014 " + modelName + " " + modelVersion;
        this.disclaimer = disclaimer == null ? "" : disclaimer;
        this.width = imageWidth;
        this.imageHeight = imageHeight;
        this.ui = Math.max(1, imageWidth / 1024);
    }

    /** A renderer whose image area holds every one of the given source sizes (columns, rows) at its scale. */
    public static FrameRenderer forSources(
            String modelName, String modelVersion, String disclaimer, List<Dimension> sourceSizes) {
        int w = 0;
        int h = 0;
        for (Dimension d : sourceSizes) {
            int k = scaleFor(d.width, d.height);
            w = Math.max(w, d.width * k);
            h = Math.max(h, d.height * k);
        }
        return new FrameRenderer(modelName, modelVersion, disclaimer, w == 0 ? TARGET : w, h == 0 ? TARGET : h);
    }

    /** The whole factor a source of this size is shown at: 1 from {@link #TARGET} pixels up. */
    public static int scaleFor(int columns, int rows) {
        return IntegerScale.factorFor(columns, rows, TARGET);
    }

    /** Columns of every frame. */
    public int columns() {
        return width;
    }

    /** Rows of every frame: banner, image area, footer. */
    public int rows() {
        return bannerHeight() + imageHeight + footerHeight();
    }

    /** The image area: frame columns, and rows between the banner and the footer. */
    public Rectangle imageArea() {
        return new Rectangle(0, bannerHeight(), width, imageHeight);
    }

    public BufferedImage keySlice(BufferedImage display, List<Mark> marks, String caption) {
        return render(display, marks, caption).image();
    }

    Rendered render(BufferedImage display, List<Mark> marks, String caption) {
        int k = scaleFor(display.getWidth(), display.getHeight());
        BufferedImage scaled = IntegerScale.upscale(display, k);
        BufferedImage frame = blank();
        Graphics2D g = graphics(frame);
        Rectangle area = imageArea();
        int x0 = (width - scaled.getWidth()) / 2;
        int y0 = area.y + (imageHeight - scaled.getHeight()) / 2;
        g.drawImage(scaled, x0, y0, null); // 1:1, the enlargement is done
        g.setClip(area);
        g.setStroke(new BasicStroke(2f * ui));
        List<Rectangle> boxes = new ArrayList<>();
        for (Mark m : marks) {
            double cx = x0 + (m.column() + 0.5) * k;
            double cy = y0 + (m.row() + 0.5) * k;
            double r = Math.max(m.radiusPx() * k, 6.0 * ui);
            g.setColor(MARK);
            g.drawOval((int) Math.round(cx - r), (int) Math.round(cy - r), (int) Math.round(2 * r), (int)
                    Math.round(2 * r));
            boxes.add(label(g, m.label(), cx, cy, r));
        }
        g.setClip(null);
        footer(g, caption);
        bannerOn(g);
        g.dispose();
        return new Rendered(frame, List.copyOf(boxes));
    }

    public BufferedImage summary(String title, List<String> lines) {
        BufferedImage frame = blank();
        Graphics2D g = graphics(frame);
        g.setColor(Color.WHITE);
        int left = 24 * ui;
        int y = bannerHeight() + 48 * ui;
        fitted(g, title, Font.BOLD, 22 * ui, left, y);
        int bottom = bannerHeight() + imageHeight - 8 * ui;
        int size = commonSize(g, lines, Font.PLAIN, 16 * ui, width - left - 8 * ui);
        for (int i = 0; i < lines.size(); i++) {
            y += 28 * ui;
            boolean last = i == lines.size() - 1;
            if (!last && y + 28 * ui > bottom) {
                fitted(g, "\u2026", Font.PLAIN, size, left, y);
                break;
            }
            fitted(g, lines.get(i), Font.PLAIN, size, left, y);
        }
        footer(g, disclaimer);
        bannerOn(g);
        g.dispose();
        return frame;
    }

    /** The largest font size, at most {@code size} and at least 9, at which every line fits the room. */
    private static int commonSize(Graphics2D g, List<String> lines, int style, int size, int room) {
        int s = size;
        while (s > 9) {
            g.setFont(new Font(Font.SANS_SERIF, style, s));
            FontMetrics fm = g.getFontMetrics();
            if (lines.stream().allMatch(line -> fm.stringWidth(line) <= room)) {
                break;
            }
            s--;
        }
        return s;
    }

    private int bannerHeight() {
        return BANNER * ui;
    }

    private int footerHeight() {
        return FOOTER * ui;
    }

    private BufferedImage blank() {
        return new BufferedImage(width, rows(), BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage frame) {
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    /** Text on a dark box so it stays legible over bright anatomy; the box is kept inside the image area. */
    private Rectangle label(Graphics2D g, String text, double cx, double cy, double r) {
        int size = 15 * ui;
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        while (size > 8 && g.getFontMetrics().stringWidth(text) + 4 + 2 * MARGIN > width) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, --size));
        }
        FontMetrics fm = g.getFontMetrics();
        Rectangle box = labelBox(fm.stringWidth(text) + 4, fm.getHeight(), cx, cy, r);
        g.setColor(LABEL_BACKGROUND);
        g.fill(box);
        g.setColor(MARK);
        g.drawString(text, box.x + 2, box.y + fm.getAscent());
        return box;
    }

    /**
     * Where a label box of the given size goes: right of the circle, level with its top; left of it when that
     * would leave the image area; then shifted inward so that it lies wholly inside the image area.
     */
    Rectangle labelBox(int boxWidth, int boxHeight, double cx, double cy, double r) {
        Rectangle area = imageArea();
        int gap = 4 * ui;
        int x = (int) Math.round(cx + r + gap);
        if (x + boxWidth > area.x + area.width - MARGIN) {
            x = (int) Math.round(cx - r - gap) - boxWidth;
        }
        int y = (int) Math.round(cy - r) - boxHeight;
        x = clamp(x, area.x + MARGIN, area.x + area.width - MARGIN - boxWidth);
        y = clamp(y, area.y + MARGIN, area.y + area.height - MARGIN - boxHeight);
        return new Rectangle(x, y, boxWidth, boxHeight);
    }

    /** Keeps [v, v + size) between lo and hi + size; a box larger than the range starts at lo. */
    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(v, hi));
    }

    private void bannerOn(Graphics2D g) {
        g.setColor(BANNER_BACKGROUND);
        g.fillRect(0, 0, width, bannerHeight());
        g.setColor(Color.WHITE);
        fitted(g, banner, Font.BOLD, 18 * ui, 8 * ui, 20 * ui);
        if (!disclaimer.isEmpty()) {
            fitted(g, disclaimer, Font.PLAIN, 13 * ui, 8 * ui, 40 * ui);
        }
    }

    /**
     * Draws a line at baseline y from x, shrinking the font until it fits the frame width; a line still too long
     * at the smallest size is cut short with an ellipsis.
     */
    private void fitted(Graphics2D g, String text, int style, int size, int x, int y) {
        int s = size;
        int room = width - x - 8 * ui;
        g.setFont(new Font(Font.SANS_SERIF, style, s));
        while (s > 8 && g.getFontMetrics().stringWidth(text) > room) {
            g.setFont(new Font(Font.SANS_SERIF, style, --s));
        }
        String shown = text;
        FontMetrics fm = g.getFontMetrics();
        while (shown.length() > 1 && fm.stringWidth(shown) > room) {
            shown = shown.substring(0, shown.length() - 2) + "\u2026";
        }
        g.drawString(shown, x, y);
    }

    private void footer(Graphics2D g, String text) {
        g.setColor(Color.LIGHT_GRAY);
        fitted(g, text, Font.PLAIN, 13 * ui, 8 * ui, rows() - 9 * ui);
    }
}

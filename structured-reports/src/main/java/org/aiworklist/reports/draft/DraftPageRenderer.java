package org.aiworklist.reports.draft;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a draft report as text pages for PACS that cannot show SR text: every page carries the banner that the text
 * is an unverified AI draft and which model wrote it, then the report's paragraphs, word-wrapped, continued on as
 * many pages as they need (never cut), and a footer with the page number. Nothing that identifies the patient is
 * drawn. Java2D, headless.
 */
public final class DraftPageRenderer {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** Square pages, the size of a typical viewer tile. */
    public static final int SIZE = 1024;

    static final String BANNER = "AI-GENERATED DRAFT \u2014 NOT VERIFIED BY A PHYSICIAN \u2014 MAY CONTAIN ERRORS";
    private static final int BANNER_HEIGHT = 64;
    private static final int FOOTER_HEIGHT = 32;
    private static final int MARGIN = 32;
    private static final Color BANNER_BACKGROUND = new Color(150, 0, 0);
    private static final Font BODY = new Font(Font.SANS_SERIF, Font.PLAIN, 18);
    private static final Font HEADING = new Font(Font.SANS_SERIF, Font.BOLD, 20);

    /** A paragraph under an optional heading. */
    public record Paragraph(String heading, String text) {}

    private record Line(String text, boolean heading) {}

    private final String modelLine;
    private final String footerNote;

    /**
     * @param modelLine  second banner line: the model, its version, what served it
     * @param footerNote said on every page beside its number (e.g. the prompt's hash)
     */
    public DraftPageRenderer(String modelLine, String footerNote) {
        this.modelLine = modelLine;
        this.footerNote = footerNote;
    }

    public List<BufferedImage> pages(List<Paragraph> paragraphs) {
        List<Line> lines = lines(paragraphs);
        int lineHeight = lineHeight();
        int perPage = (SIZE - BANNER_HEIGHT - FOOTER_HEIGHT - 2 * MARGIN) / lineHeight;
        int pageCount = Math.max(1, (lines.size() + perPage - 1) / perPage);
        List<BufferedImage> pages = new ArrayList<>();
        for (int p = 0; p < pageCount; p++) {
            List<Line> onPage = lines.subList(p * perPage, Math.min(lines.size(), (p + 1) * perPage));
            pages.add(page(onPage, p + 1, pageCount));
        }
        return pages;
    }

    private BufferedImage page(List<Line> lines, int number, int count) {
        BufferedImage page = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(page);
        g.setColor(BANNER_BACKGROUND);
        g.fillRect(0, 0, SIZE, BANNER_HEIGHT);
        g.setColor(Color.WHITE);
        g.setFont(fitted(g, HEADING, BANNER));
        g.drawString(BANNER, 12, 27);
        g.setFont(fitted(g, BODY.deriveFont(15f), modelLine));
        g.drawString(modelLine, 12, 52);
        int y = BANNER_HEIGHT + MARGIN;
        int lineHeight = lineHeight();
        for (Line line : lines) {
            y += lineHeight;
            g.setFont(line.heading() ? HEADING : BODY);
            g.drawString(line.text(), MARGIN, y - 6);
        }
        g.setColor(Color.LIGHT_GRAY);
        String footer = "Page " + number + " of " + count + " \u2014 " + footerNote;
        g.setFont(fitted(g, BODY.deriveFont(14f), footer));
        g.drawString(footer, 12, SIZE - 11);
        g.dispose();
        return page;
    }

    /** Headings and word-wrapped text, a blank line between paragraphs. */
    private List<Line> lines(List<Paragraph> paragraphs) {
        Graphics2D g = graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        FontMetrics body = g.getFontMetrics(BODY);
        int width = SIZE - 2 * MARGIN;
        List<Line> lines = new ArrayList<>();
        for (Paragraph paragraph : paragraphs) {
            if (!lines.isEmpty()) {
                lines.add(new Line("", false));
            }
            if (paragraph.heading() != null) {
                lines.add(new Line(paragraph.heading(), true));
            }
            for (String source : paragraph.text().split("\\R", -1)) {
                wrap(source, body, width).forEach(l -> lines.add(new Line(l, false)));
            }
        }
        g.dispose();
        return lines;
    }

    /** Breaks at spaces; a word wider than the line is broken where it must be. */
    static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +", -1)) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (fm.stringWidth(candidate) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (line.length() > 0) {
                out.add(line.toString());
                line.setLength(0);
            }
            String rest = word;
            while (fm.stringWidth(rest) > width) {
                int cut = rest.length() - 1;
                while (cut > 1 && fm.stringWidth(rest.substring(0, cut)) > width) {
                    cut--;
                }
                if (Character.isLowSurrogate(rest.charAt(cut))) {
                    cut--; // keep a surrogate pair together
                }
                out.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            line.append(rest);
        }
        out.add(line.toString());
        return out;
    }

    private static int lineHeight() {
        return 26;
    }

    /** The font, shrunk until the text fits the page width. */
    private static Font fitted(Graphics2D g, Font font, String text) {
        Font f = font;
        while (f.getSize() > 8 && g.getFontMetrics(f).stringWidth(text) > SIZE - 24) {
            f = f.deriveFont((float) f.getSize() - 1);
        }
        return f;
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }
}

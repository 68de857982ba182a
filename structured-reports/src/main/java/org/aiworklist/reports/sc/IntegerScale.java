package org.aiworklist.reports.sc;

import java.awt.image.BufferedImage;

/**
 * Enlarges a picture by a whole factor with Catmull-Rom (bicubic) interpolation: smooth, with no blocks, and
 * on the source's own pixel grid (output pixel centre (o + 0.5) / k - 0.5 in source pixels, so with an odd
 * factor every k-th output pixel is a source pixel unchanged). A factor of 1 returns the picture as it is.
 */
public final class IntegerScale {
    private IntegerScale() {}

    /** The smallest whole factor that brings the longer side to at least {@code target} pixels; 1 if already. */
    public static int factorFor(int width, int height, int target) {
        int longer = Math.max(1, Math.max(width, height));
        return Math.max(1, (target + longer - 1) / longer);
    }

    public static BufferedImage upscale(BufferedImage in, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("scale factor " + k);
        }
        if (k == 1) {
            return in;
        }
        int w = in.getWidth();
        int h = in.getHeight();
        int ow = w * k;
        int oh = h * k;
        Taps tx = taps(w, k);
        Taps ty = taps(h, k);
        int[] src = in.getRGB(0, 0, w, h, null, 0, w);
        // Horizontal pass: h rows of ow pixels, three channels, kept unrounded.
        double[] horizontal = new double[h * ow * 3];
        for (int y = 0; y < h; y++) {
            for (int ox = 0; ox < ow; ox++) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int t = 0; t < 4; t++) {
                    int rgb = src[y * w + tx.index[ox * 4 + t]];
                    double wt = tx.weight[ox * 4 + t];
                    r += wt * (rgb >> 16 & 0xff);
                    g += wt * (rgb >> 8 & 0xff);
                    b += wt * (rgb & 0xff);
                }
                int at = (y * ow + ox) * 3;
                horizontal[at] = r;
                horizontal[at + 1] = g;
                horizontal[at + 2] = b;
            }
        }
        BufferedImage out = new BufferedImage(ow, oh, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[ow];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                double r = 0;
                double g = 0;
                double b = 0;
                for (int t = 0; t < 4; t++) {
                    int at = (ty.index[oy * 4 + t] * ow + ox) * 3;
                    double wt = ty.weight[oy * 4 + t];
                    r += wt * horizontal[at];
                    g += wt * horizontal[at + 1];
                    b += wt * horizontal[at + 2];
                }
                row[ox] = clamp(r) << 16 | clamp(g) << 8 | clamp(b);
            }
            out.setRGB(0, oy, ow, 1, row, 0, ow);
        }
        return out;
    }

    /** Four source indices (clamped at the edges) and Catmull-Rom weights for each output position. */
    private record Taps(int[] index, double[] weight) {}

    private static Taps taps(int n, int k) {
        int[] index = new int[n * k * 4];
        double[] weight = new double[n * k * 4];
        for (int o = 0; o < n * k; o++) {
            double s = (o + 0.5) / k - 0.5;
            int i = (int) Math.floor(s);
            double t = s - i;
            double[] w = {
                (-t * t * t + 2 * t * t - t) / 2,
                (3 * t * t * t - 5 * t * t + 2) / 2,
                (-3 * t * t * t + 4 * t * t + t) / 2,
                (t * t * t - t * t) / 2
            };
            for (int j = 0; j < 4; j++) {
                index[o * 4 + j] = Math.min(n - 1, Math.max(0, i - 1 + j));
                weight[o * 4 + j] = w[j];
            }
        }
        return new Taps(index, weight);
    }

    private static int clamp(double v) {
        return (int) Math.min(255, Math.max(0, Math.round(v)));
    }
}

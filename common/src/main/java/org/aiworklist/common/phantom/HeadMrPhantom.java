package org.aiworklist.common.phantom;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Synthetic T1-weighted head MR (as an MPRAGE shows it): air, skin, subcutaneous fat and muscle of the scalp and
 * neck, the skull's dark inner and outer tables around bright fatty diploë, subarachnoid CSF filling the sulci,
 * folded cortical grey matter over white matter, deep grey nuclei, lateral ventricles, cerebellum and brainstem;
 * then the receive profile of a multichannel head coil (tissue near the coil elements, the scalp above all, comes
 * out brighter than the centre of the brain), a smooth bias field and Rician noise. Relative signal follows 3 T
 * MPRAGE: white matter 1, grey matter 0.62, CSF 0.24, fat 1.5, marrow 0.9, muscle 0.5, cortical bone 0.06. So, as in
 * real T1 volumes, the brightest voxels (scalp fat) are about twice white matter, which matters to models that
 * scale each volume by its own minimum and maximum.
 *
 * <p>Every structure is a signed distance in patient millimetres (LPS: +x left, +y posterior, +z head), and each
 * tissue is blended over the one outside it by the fraction of the voxel it covers, so edges have partial volume
 * as real images do. The brain mask (truth) is cerebrum, cerebellum and brainstem down to the foramen magnum,
 * ventricles included, subarachnoid CSF excluded, decided at voxel centres.
 */
public final class HeadMrPhantom {
    private static final double WHITE = 1000;
    private static final double GREY = 620;
    private static final double DEEP_GREY = 760;
    private static final double BRAINSTEM = 860;
    private static final double CSF = 240;
    private static final double BONE = 60;
    private static final double MARROW = 900;
    private static final double FAT = 1500;
    private static final double MUSCLE = 500;
    private static final double SKIN = 600;
    private static final double NOISE_SIGMA = 28;
    /** Extra sensitivity at the head's surface, falling off with depth (mm) like a 32-channel head coil's. */
    private static final double COIL_GAIN = 0.5;

    private static final double COIL_DEPTH_MM = 30;
    /** Highest value a 12-bit image holds. */
    private static final int MAX_STORED = 4095;
    /** Cortex thickness (mm). */
    private static final double CORTEX = 3;
    /** The brainstem ends, for the mask, at the foramen magnum this far below the cerebrum's centre (mm). */
    private static final double FORAMEN_BELOW = 66;

    private final HeadMrSpec spec;
    private final Shape shape;

    private HeadMrPhantom(HeadMrSpec spec) {
        this.spec = spec;
        this.shape = new Shape(new SplittableRandom(spec.seed()));
    }

    /** Generates the whole series; deterministic for a given spec (slices are computed in parallel). */
    public static HeadMrStudy generate(HeadMrSpec spec) {
        HeadMrPhantom phantom = new HeadMrPhantom(spec);
        short[][] values = new short[spec.slices()][];
        byte[][] mask = new byte[spec.slices()][];
        IntStream.range(0, spec.slices()).parallel().forEach(k -> {
            mask[k] = new byte[spec.rows() * spec.columns()];
            values[k] = phantom.slice(k, mask[k]);
        });
        return new HeadMrStudy(spec, values, mask);
    }

    private short[] slice(int k, byte[] mask) {
        int rows = spec.rows();
        int cols = spec.columns();
        double ps = spec.pixelSpacingMm();
        double z = spec.sliceZMm(k);
        SplittableRandom noise = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + k);
        short[] out = new short[rows * cols];
        for (int r = 0; r < rows; r++) {
            double y = spec.firstYMm() + r * ps;
            for (int c = 0; c < cols; c++) {
                double x = spec.firstXMm() + c * ps;
                int i = r * cols + c;
                Tissue t = shape.at(x, y, z);
                mask[i] = (byte) (t.brain() ? 1 : 0);
                double coil = 1 + COIL_GAIN * Math.exp(-Math.max(0, t.depthMm()) / COIL_DEPTH_MM);
                double signal = t.signal() * coil * shape.bias(x, y, z);
                // Magnitude images: noise in both quadrature channels, so air is Rician, not zero-mean.
                double re = signal + NOISE_SIGMA * noise.nextGaussian();
                double im = NOISE_SIGMA * noise.nextGaussian();
                out[i] = (short) Math.min(MAX_STORED, Math.round(Math.sqrt(re * re + im * im)));
            }
        }
        return out;
    }

    /** Noise-free signal at a point, whether the point is brain, and how deep under the skin it lies (mm). */
    record Tissue(double signal, boolean brain, double depthMm) {}

    /** Head geometry of one seed: sizes, position and folding jittered so that each seed is another head. */
    static final class Shape {
        private final double cx;
        private final double cy;
        private final double cz;
        private final double a;
        private final double b;
        private final double cUp;
        private final double cDown;
        private final double[] fold = new double[6];
        private final double[] biasPhase = new double[3];

        Shape(SplittableRandom random) {
            double scale = 0.95 + 0.08 * random.nextDouble();
            cx = 3 * (random.nextDouble() - 0.5);
            cy = 4 * (random.nextDouble() - 0.5);
            cz = 6 + 4 * (random.nextDouble() - 0.5);
            a = 64 * scale;
            b = 80 * scale;
            cUp = 54 * scale;
            cDown = 44 * scale;
            for (int i = 0; i < fold.length; i++) {
                fold[i] = random.nextDouble() * 2 * Math.PI;
            }
            for (int i = 0; i < biasPhase.length; i++) {
                biasPhase[i] = random.nextDouble() * 2 * Math.PI;
            }
        }

        Tissue at(double x, double y, double z) {
            double px = x - cx;
            double py = y - cy;
            double pz = z - cz;
            double cerebrum = ellipsoid(px, py, pz, a, b, pz >= 0 ? cUp : cDown);
            double wave = folding(px, py, pz);
            // The pia follows the folds inside the smooth arachnoid envelope: narrow sulci up to 11 mm deep between
            // wide gyri; the grey-white boundary dips under each sulcus over a wider band, so grey matter lines its
            // walls. The interhemispheric fissure splits the cerebrum above the corpus callosum.
            double fissure = pz > 0.25 * cUp ? 1.5 - Math.abs(px) : Double.NEGATIVE_INFINITY;
            double pial = Math.max(cerebrum + 0.5 + 11 * Math.pow(wave, 4), fissure);
            double greyWhite = Math.max(cerebrum + CORTEX + 0.5 + 11 * wave, fissure + CORTEX);
            double cerebellum = ellipsoid(px, py - 0.55 * b, pz + 0.68 * cDown, 0.72 * a, 0.36 * b, 0.5 * cDown);
            double brainstem = ellipsoid(px, py - 0.26 * b, pz + 0.95 * cDown, 0.2 * a, 0.17 * b, 0.75 * cDown);
            double envelope = smoothMin(smoothMin(cerebrum, cerebellum, 6), brainstem, 6);
            boolean aboveForamen = pz > -FORAMEN_BELOW;
            double brainSurface = Math.min(Math.min(pial, cerebellum), aboveForamen ? brainstem : Double.MAX_VALUE);
            // Neck below the skull: an elliptic cylinder joined smoothly to the scalp.
            double neck = Math.max(ellipse(px, py - 0.2 * b, 0.85 * a, 0.78 * b), pz + 0.55 * cDown);
            double head = smoothMin(envelope - 15.5 - scalpThickening(px, pz), neck, 12);

            double s = 0;
            s = blend(s, SKIN, head);
            s = blend(s, FAT, head + 1.5);
            s = blend(s, MUSCLE, head + 6.5);
            s = blend(s, BONE, envelope - 9.5);
            s = blend(s, MARROW, envelope - 7.5);
            s = blend(s, BONE, envelope - 4.5);
            s = blend(s, CSF, envelope - 2.5);
            s = blend(s, GREY, pial);
            s = blend(s, WHITE, greyWhite);
            s = blend(s, DEEP_GREY, deepGrey(px, py, pz));
            s = blend(s, CSF, ventricles(px, py, pz));
            s = blend(s, GREY, cerebellum);
            s = blend(s, WHITE, cerebellum + 9);
            s = blend(s, BRAINSTEM, brainstem);
            return new Tissue(s, brainSurface < 0, -head);
        }

        /** Temporalis muscle thickens the scalp at the sides of the head, above the ears. */
        private double scalpThickening(double px, double pz) {
            double side = Math.max(0, Math.abs(px) / a - 0.6) / 0.4;
            double level = Math.max(0, 1 - Math.abs(pz - 5) / 40);
            return 7 * side * level;
        }

        /** 0 over gyri, rising to 1 at the bottom of sulci: a few interfering waves over the cerebrum's surface. */
        private double folding(double px, double py, double pz) {
            double r = Math.sqrt(px * px + py * py + pz * pz) + 1e-9;
            double theta = Math.atan2(py, px);
            double phi = Math.asin(pz / r);
            double g = Math.sin(11 * theta + 2.5 * Math.sin(5 * phi + fold[0]) + fold[1])
                            * Math.sin(9 * phi + 2 * Math.sin(4 * theta + fold[2]) + fold[3])
                    + 0.6 * Math.sin(17 * theta + 13 * phi + fold[4]) * Math.sin(7 * theta - 5 * phi + fold[5]);
            return Math.max(0, Math.min(1, g / 1.6));
        }

        private double deepGrey(double px, double py, double pz) {
            double left = ellipsoid(px - 0.25 * a, py - 0.1 * b, pz + 0.05 * cUp, 0.2 * a, 0.2 * b, 0.22 * cUp);
            double right = ellipsoid(px + 0.25 * a, py - 0.1 * b, pz + 0.05 * cUp, 0.2 * a, 0.2 * b, 0.22 * cUp);
            return Math.min(left, right);
        }

        private double ventricles(double px, double py, double pz) {
            double left = ellipsoid(px - 0.17 * a, py, pz - 0.2 * cUp, 0.09 * a, 0.3 * b, 0.15 * cUp);
            double right = ellipsoid(px + 0.17 * a, py, pz - 0.2 * cUp, 0.09 * a, 0.3 * b, 0.15 * cUp);
            return Math.min(left, right);
        }

        /** Receive-coil inhomogeneity: a smooth +-12 % field, brighter towards the back and top. */
        double bias(double x, double y, double z) {
            return 1
                    + 0.06 * Math.sin(x / 70 + biasPhase[0])
                    + 0.04 * (y - cy) / b
                    + 0.05 * Math.sin(z / 60 + biasPhase[1]) * Math.cos(y / 90 + biasPhase[2]);
        }
    }

    /** Blends {@code value} over {@code under} by the voxel fraction inside a surface at signed distance d. */
    private static double blend(double under, double value, double d) {
        double f = Math.max(0, Math.min(1, 0.5 - d));
        return under + f * (value - under);
    }

    /**
     * Approximate signed distance (mm) to an ellipsoid: the radial distance along the ray from its centre,
     * negative inside. Exact for a sphere, close enough for the mildly elongated shapes here.
     */
    static double ellipsoid(double x, double y, double z, double a, double b, double c) {
        double rho = Math.sqrt((x / a) * (x / a) + (y / b) * (y / b) + (z / c) * (z / c));
        double r = Math.sqrt(x * x + y * y + z * z);
        return rho < 1e-9 ? -Math.min(a, Math.min(b, c)) : r * (1 - 1 / rho);
    }

    private static double ellipse(double x, double y, double a, double b) {
        double rho = Math.sqrt((x / a) * (x / a) + (y / b) * (y / b));
        double r = Math.sqrt(x * x + y * y);
        return rho < 1e-9 ? -Math.min(a, b) : r * (1 - 1 / rho);
    }

    /** Polynomial smooth minimum: joins two shapes with a fillet of about {@code k} mm. */
    private static double smoothMin(double d1, double d2, double k) {
        double h = Math.max(0, Math.min(1, 0.5 + 0.5 * (d2 - d1) / k));
        return d2 + (d1 - d2) * h - k * h * (1 - h);
    }
}

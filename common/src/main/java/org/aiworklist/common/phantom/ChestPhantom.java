package org.aiworklist.common.phantom;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Synthetic chest CT: air, a body ellipse with a fat layer, a table, spine, sternum and ribs, two lungs around a
 * heart and an aorta, a trachea that splits into main bronchi, curving vessels and bronchi inside the lungs,
 * solid spherical nodules, and Gaussian noise. Everything is drawn in patient millimetres (LPS: +x left, +y
 * posterior, +z head), so a 512² spec at half the pixel spacing shows the same anatomy as 256².
 *
 * <p>Anatomy scales with the volume's z extent ({@code t} = 0 at the top slice, 1 at the bottom), so any slice
 * count shows a whole chest from lung apex to diaphragm.
 */
public final class ChestPhantom {
    static final double LUNG_HU = -850;
    private static final double NOISE_SIGMA_HU = 20;
    private static final double LUNG_HALF_WIDTH = 52;
    private static final double LUNG_HALF_DEPTH = 80;

    private final PhantomSpec spec;
    private final double topZ;
    private final double extentZ;
    private final Anatomy anatomy;
    private final List<Tube> tubes = new ArrayList<>();
    private final List<PlantedNodule> nodules = new ArrayList<>();
    private final double[] noduleHu;

    private ChestPhantom(PhantomSpec spec) {
        this.spec = spec;
        this.topZ = spec.topZMm();
        this.extentZ = (spec.slices() - 1) * spec.sliceThicknessMm();
        SplittableRandom random = new SplittableRandom(spec.seed());
        this.anatomy = new Anatomy(random);
        for (int side = -1; side <= 1; side += 2) {
            for (int i = 0; i < 90; i++) {
                tubes.add(Tube.vessel(random, side, topZ, extentZ));
            }
            for (int i = 0; i < 8; i++) {
                tubes.add(Tube.bronchus(random, side, topZ, extentZ));
            }
        }
        this.noduleHu = new double[spec.noduleCount()];
        plantNodules(random);
    }

    /** Generates the whole study; deterministic for a given spec (slices are computed in parallel, each with its own seed). */
    public static PhantomStudy generate(PhantomSpec spec) {
        ChestPhantom phantom = new ChestPhantom(spec);
        short[][] hu = new short[spec.slices()][];
        IntStream.range(0, spec.slices()).parallel().forEach(k -> hu[k] = phantom.slice(k));
        return new PhantomStudy(spec, hu, phantom.nodules);
    }

    private double tOf(double z) {
        return (topZ - z) / extentZ;
    }

    private void plantNodules(SplittableRandom random) {
        for (int n = 0; n < spec.noduleCount(); n++) {
            for (int attempt = 0; attempt < 500; attempt++) {
                double d = spec.minNoduleDiameterMm()
                        + random.nextDouble() * (spec.maxNoduleDiameterMm() - spec.minNoduleDiameterMm());
                double r = d / 2;
                double z = topZ - extentZ * (0.2 + 0.65 * random.nextDouble());
                int side = random.nextBoolean() ? 1 : -1;
                double angle = random.nextDouble() * 2 * Math.PI;
                double radius = 0.8 * Math.sqrt(random.nextDouble());
                double[] xy = anatomy.lungPoint(side, tOf(z), radius * Math.cos(angle), radius * Math.sin(angle));
                if (fitsInLung(xy[0], xy[1], z, r + 1.5) && apart(xy[0], xy[1], z, r)) {
                    nodules.add(new PlantedNodule(xy[0], xy[1], z, d));
                    noduleHu[nodules.size() - 1] = 60 * random.nextDouble();
                    break;
                }
            }
        }
    }

    /** The sphere must stay inside the lung and inside the scanned range, so its whole edge is visible. */
    private boolean fitsInLung(double x, double y, double z, double r) {
        if (z + r > topZ || z - r < topZ - extentZ) {
            return false;
        }
        for (int i = -1; i <= 1; i++) {
            for (int j = -1; j <= 1; j++) {
                for (int k = -1; k <= 1; k++) {
                    double norm = Math.sqrt(i * i + j * j + k * k);
                    double scale = norm == 0 ? 0 : r / norm;
                    if (!anatomy.isLung(x + i * scale, y + j * scale, tOf(z + k * scale))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private boolean apart(double x, double y, double z, double r) {
        double[] centre = {x, y, z};
        for (PlantedNodule other : nodules) {
            if (other.distanceTo(centre) < r + other.diameterMm() / 2 + 5) {
                return false;
            }
        }
        return true;
    }

    private short[] slice(int k) {
        int rows = spec.rows();
        int cols = spec.columns();
        double ps = spec.pixelSpacingMm();
        double x0 = spec.firstXMm();
        double y0 = spec.firstYMm();
        double z = spec.sliceZMm(k);
        double t = tOf(z);
        float[] hu = new float[rows * cols];
        boolean[] lung = new boolean[rows * cols];
        for (int r = 0; r < rows; r++) {
            double y = y0 + r * ps;
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                double x = x0 + c * ps;
                lung[i] = anatomy.isLung(x, y, t);
                hu[i] = (float) (lung[i] ? anatomy.lungHu(x, y, t) : anatomy.tissueHu(x, y, t));
            }
        }
        Raster raster = new Raster(hu, lung, rows, cols, x0, y0, ps);
        for (Tube tube : tubes) {
            tube.paint(raster, z, t, anatomy);
        }
        for (int n = 0; n < nodules.size(); n++) {
            paintNodule(raster, nodules.get(n), noduleHu[n], z);
        }
        SplittableRandom noise = new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + k);
        short[] out = new short[hu.length];
        for (int i = 0; i < hu.length; i++) {
            double v = hu[i] + NOISE_SIGMA_HU * noise.nextGaussian();
            out[i] = (short) Math.max(-1024, Math.min(3071, Math.round(v)));
        }
        return out;
    }

    /** Solid sphere with a 1 mm soft edge (partial volume), blended over whatever the lung holds there. */
    private static void paintNodule(Raster raster, PlantedNodule nodule, double hu, double z) {
        double r = nodule.diameterMm() / 2;
        double dz = z - nodule.zMm();
        if (Math.abs(dz) > r + 1) {
            return;
        }
        raster.paintDisc(
                nodule.xMm(),
                nodule.yMm(),
                r + 1,
                (x, y) -> {
                    double dist = Math.sqrt((x - nodule.xMm()) * (x - nodule.xMm())
                            + (y - nodule.yMm()) * (y - nodule.yMm())
                            + dz * dz);
                    return clamp01(0.5 + (r - dist));
                },
                hu,
                false);
    }

    static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }

    /** Working pixels of one slice and the mapping from mm to pixels. */
    record Raster(float[] hu, boolean[] lung, int rows, int cols, double x0, double y0, double ps) {
        interface Coverage {
            double at(double x, double y);
        }

        /** Blends {@code value} into pixels within {@code radius} mm of (cx, cy) by the coverage fraction. */
        void paintDisc(double cx, double cy, double radius, Coverage coverage, double value, boolean lungOnly) {
            int c0 = Math.max(0, (int) Math.floor((cx - radius - x0) / ps));
            int c1 = Math.min(cols - 1, (int) Math.ceil((cx + radius - x0) / ps));
            int r0 = Math.max(0, (int) Math.floor((cy - radius - y0) / ps));
            int r1 = Math.min(rows - 1, (int) Math.ceil((cy + radius - y0) / ps));
            for (int r = r0; r <= r1; r++) {
                double y = y0 + r * ps;
                for (int c = c0; c <= c1; c++) {
                    int i = r * cols + c;
                    if (lungOnly && !lung[i]) {
                        continue;
                    }
                    double f = coverage.at(x0 + c * ps, y);
                    if (f > 0) {
                        hu[i] += (float) (f * (value - hu[i]));
                    }
                }
            }
        }
    }

    /** Body outline, bones, mediastinum and lung fields; per-seed jitter makes each phantom a different patient. */
    static final class Anatomy {
        private final double bodyCy;
        private final double bodyA;
        private final double bodyB;
        private final double fat;
        private final double lungCx;
        private final double lungCy;
        private final double lungScale;
        private final double[] ribPhase = new double[14];

        Anatomy(SplittableRandom random) {
            bodyCy = 5 + 4 * (random.nextDouble() - 0.5);
            bodyA = 160 + 16 * (random.nextDouble() - 0.5);
            bodyB = 112 + 12 * (random.nextDouble() - 0.5);
            fat = 9 + 8 * random.nextDouble();
            lungCx = 72 + 8 * (random.nextDouble() - 0.5);
            lungCy = -4 + 6 * (random.nextDouble() - 0.5);
            lungScale = 0.95 + 0.1 * random.nextDouble();
            for (int i = 0; i < ribPhase.length; i++) {
                ribPhase[i] = random.nextDouble() * 2 * Math.PI;
            }
        }

        /** Lung size along z: small at the apex, full in the middle, shrinking over the diaphragm. */
        private double lungSize(double t) {
            double s = 0.35 + 0.65 * Math.sin(Math.PI / 2 * Math.min(1, t / 0.55));
            return lungScale * (t > 0.8 ? s * (1 - 1.5 * (t - 0.8)) : s);
        }

        private double heartSize(double t) {
            return t < 0.45 ? 0 : Math.sin(Math.PI * Math.min(1, (t - 0.45) / 0.7));
        }

        /** A point given in unit-disc lung coordinates (u across, v front to back). */
        double[] lungPoint(int side, double t, double u, double v) {
            double s = lungSize(t);
            return new double[] {side * lungCx + u * LUNG_HALF_WIDTH * s, lungCy + v * LUNG_HALF_DEPTH * s};
        }

        boolean isLung(double x, double y, double t) {
            if (t < 0 || t > 1) {
                return false;
            }
            double s = lungSize(t);
            double side = x < 0 ? -1 : 1;
            if (!inEllipse(x - side * lungCx, y - lungCy, LUNG_HALF_WIDTH * s, LUNG_HALF_DEPTH * s)) {
                return false;
            }
            double h = heartSize(t);
            if (h > 0 && inEllipse(x - 22, y + 18, 62 * h, 52 * h)) {
                return false;
            }
            return !inEllipse(x - 24, y - (spineY() - 28), 13, 13);
        }

        double lungHu(double x, double y, double t) {
            // Dependent (posterior) lung is denser.
            return LUNG_HU + 30 * (y - lungCy) / (LUNG_HALF_DEPTH * lungSize(t));
        }

        private double spineY() {
            return bodyCy + bodyB - 42;
        }

        double tissueHu(double x, double y, double t) {
            double width = bodyA * (0.85 + 0.15 * Math.min(1, t / 0.3));
            double tableTop = bodyCy + bodyB + 6 - 0.0005 * x * x;
            if (Math.abs(x) < 200 && y >= tableTop && y < tableTop + 9) {
                return 150;
            }
            double dy = y - bodyCy;
            if (!inEllipse(x, dy, width, bodyB)) {
                return -1000;
            }
            if (!inEllipse(x, dy, width - fat, bodyB - fat)) {
                return -100;
            }
            double bone = boneHu(x, y, t, width);
            if (!Double.isNaN(bone)) {
                return bone;
            }
            double airway = airwayHu(x, y, t);
            return Double.isNaN(airway) ? 40 : airway;
        }

        private double boneHu(double x, double y, double t, double width) {
            double sy = spineY();
            double vertebra = Math.hypot(x, y - sy);
            if (vertebra < 16) {
                return vertebra > 13.5 ? 700 : 300;
            }
            double canal = Math.hypot(x, y - sy - 26);
            if (canal < 8) {
                return 20;
            }
            if (canal < 12.5) {
                return 650;
            }
            if (t > 0.15 && t < 0.75 && inEllipse(x, y - (bodyCy - bodyB + fat + 9), 13, 5)) {
                return 600;
            }
            double ribA = width - fat - 7;
            double ribB = bodyB - fat - 7;
            for (int i = 0; i < ribPhase.length; i++) {
                double angle = Math.PI * (0.15 + 0.7 * (i % 7) / 6.0) * (i < 7 ? 1 : -1) + Math.PI / 2;
                // Ribs run obliquely, so each one appears and disappears along z.
                if (Math.sin(t * 14 * Math.PI + ribPhase[i]) < 0.1) {
                    continue;
                }
                double rx = ribA * Math.cos(angle);
                double ry = bodyCy + ribB * Math.sin(angle);
                if (inEllipse(x - rx, y - ry, 6, 4)) {
                    return 700;
                }
            }
            return Double.NaN;
        }

        /** Trachea in the upper chest, then two main bronchi heading for the hila; NaN where there is none. */
        private double airwayHu(double x, double y, double t) {
            double ay = lungCy - 22;
            if (t < 0.4) {
                return Math.hypot(x, y - ay) < 9 ? -1000 : Double.NaN;
            }
            if (t < 0.55) {
                double offset = (t - 0.4) / 0.15 * 38;
                return Math.hypot(Math.abs(x) - offset, y - ay) < 6 ? -1000 : Double.NaN;
            }
            return Double.NaN;
        }

        private static boolean inEllipse(double dx, double dy, double a, double b) {
            return a > 0 && b > 0 && (dx * dx) / (a * a) + (dy * dy) / (b * b) <= 1;
        }
    }

    /**
     * A vessel or bronchus: a tube whose centre line runs mostly along z, drifting and curving, so most
     * cross-sections are dots and steep ones short lines. Positions follow the lung as it grows and shrinks.
     */
    record Tube(
            int side,
            double zTop,
            double zBottom,
            double u0,
            double v0,
            double du,
            double dv,
            double amp,
            double period,
            double phase,
            double radius,
            boolean airway) {

        static Tube vessel(SplittableRandom random, int side, double topZ, double extentZ) {
            boolean steep = random.nextDouble() < 0.2;
            double length = steep ? 8 + 15 * random.nextDouble() : 60 + 190 * random.nextDouble();
            double zTop = topZ - random.nextDouble() * (extentZ - Math.min(length, extentZ) * 0.5);
            double slope = steep ? 1 + 1.5 * random.nextDouble() : 0.4 * random.nextDouble();
            double dir = random.nextDouble() * 2 * Math.PI;
            double radius = 0.7 + 1.3 * Math.pow(random.nextDouble(), 1.5);
            return new Tube(
                    side,
                    zTop,
                    zTop - length,
                    unit(random),
                    unit(random),
                    slope * Math.cos(dir) / LUNG_HALF_WIDTH,
                    slope * Math.sin(dir) / LUNG_HALF_DEPTH,
                    (2 + 8 * random.nextDouble()) / LUNG_HALF_WIDTH,
                    30 + 50 * random.nextDouble(),
                    random.nextDouble() * 2 * Math.PI,
                    radius,
                    false);
        }

        static Tube bronchus(SplittableRandom random, int side, double topZ, double extentZ) {
            double length = 30 + 80 * random.nextDouble();
            double zTop = topZ - extentZ * (0.45 + 0.3 * random.nextDouble());
            double dir = random.nextDouble() * 2 * Math.PI;
            double slope = 0.3 * random.nextDouble();
            return new Tube(
                    side,
                    zTop,
                    zTop - length,
                    0.6 * unit(random),
                    0.6 * unit(random),
                    slope * Math.cos(dir) / LUNG_HALF_WIDTH,
                    slope * Math.sin(dir) / LUNG_HALF_DEPTH,
                    3.0 / LUNG_HALF_WIDTH,
                    60,
                    random.nextDouble() * 2 * Math.PI,
                    2 + 1.5 * random.nextDouble(),
                    true);
        }

        private static double unit(SplittableRandom random) {
            return 1.6 * (random.nextDouble() - 0.5);
        }

        private double[] centre(double z, double t, Anatomy anatomy) {
            double s = zTop - z;
            double wave = amp * Math.sin(2 * Math.PI * s / period + phase);
            return anatomy.lungPoint(side, t, u0 + du * s + wave, v0 + dv * s + 0.5 * wave);
        }

        /** Coverage of a tube of radius {@code r} through {@code c} along (ux, uy, uz): distance to its centre line. */
        private static Raster.Coverage section(double[] c, double ux, double uy, double r, double ps) {
            return (x, y) -> {
                double px = x - c[0];
                double py = y - c[1];
                double along = px * ux + py * uy;
                double dist = Math.sqrt(Math.max(0, px * px + py * py - along * along));
                return clamp01(0.5 + (r - dist) / ps);
            };
        }

        void paint(Raster raster, double z, double t, Anatomy anatomy) {
            if (z > zTop || z < zBottom) {
                return;
            }
            double[] c = centre(z, t, anatomy);
            double[] above = centre(z + 0.5, t, anatomy);
            double[] below = centre(z - 0.5, t, anatomy);
            // Local direction of the centre line; the in-plane section is the set of pixels within radius of it.
            double dx = above[0] - below[0];
            double dy = above[1] - below[1];
            double norm = Math.sqrt(dx * dx + dy * dy + 1);
            double ux = dx / norm;
            double uy = dy / norm;
            double uz = 1 / norm;
            double outer = radius + (airway ? 1 : 0);
            double reach = outer / Math.max(uz, 0.3) + 1;
            raster.paintDisc(c[0], c[1], reach, section(c, ux, uy, outer, raster.ps()), airway ? -50 : 40, true);
            if (airway) {
                raster.paintDisc(c[0], c[1], reach, section(c, ux, uy, radius, raster.ps()), -980, true);
            }
        }
    }
}

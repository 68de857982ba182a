package org.aiworklist.inference.detect;

import java.util.Arrays;
import org.aiworklist.inference.volume.Volume;

/**
 * Size of a solid lesion around a detected centre, measured on the HU volume rather than the heat map:
 * region growing at half way between the lesion's core and the surrounding lung, then partial-volume
 * fractions summed over the region and its one-voxel rim, so that coarse (2 mm) voxels still give
 * sub-voxel volumes.
 *
 * @param diameterMm largest in-plane equivalent-circle diameter over the lesion's slices
 * @param volumeMm3  partial-volume weighted volume
 */
record NoduleMeasurement(double diameterMm, double volumeMm3) {
    /** Below this core-to-background contrast (HU) there is no solid lesion to segment. */
    private static final double MIN_CONTRAST_HU = 150;

    static NoduleMeasurement measure(Volume v, double ck, double cj, double ci, double maxDiameterMm) {
        double[] s = v.spacing();
        double radius = maxDiameterMm / 2;
        int rk = (int) Math.ceil(radius / s[0]);
        int rj = (int) Math.ceil(radius / s[1]);
        int ri = (int) Math.ceil(radius / s[2]);
        int k0 = clamp((int) Math.round(ck), v.depth());
        int j0 = clamp((int) Math.round(cj), v.height());
        int i0 = clamp((int) Math.round(ci), v.width());
        // Box around the centre; inside[] marks voxels within the search sphere.
        int nk = 2 * rk + 1;
        int nj = 2 * rj + 1;
        int ni = 2 * ri + 1;
        boolean[] inside = new boolean[nk * nj * ni];
        float[] hu = new float[inside.length];
        float[] sphere = new float[inside.length];
        int count = 0;
        for (int a = 0; a < nk; a++) {
            for (int b = 0; b < nj; b++) {
                for (int c = 0; c < ni; c++) {
                    int k = k0 + a - rk;
                    int j = j0 + b - rj;
                    int i = i0 + c - ri;
                    double dz = (k - ck) * s[0];
                    double dy = (j - cj) * s[1];
                    double dx = (i - ci) * s[2];
                    int idx = (a * nj + b) * ni + c;
                    if (k >= 0
                            && k < v.depth()
                            && j >= 0
                            && j < v.height()
                            && i >= 0
                            && i < v.width()
                            && dz * dz + dy * dy + dx * dx <= radius * radius) {
                        inside[idx] = true;
                        hu[idx] = v.at(k, j, i);
                        sphere[count++] = hu[idx];
                    }
                }
            }
        }
        Arrays.sort(sphere, 0, count);
        double background = sphere[count / 4];
        double core = coreHu(v, k0, j0, i0);
        int centre = (rk * nj + rj) * ni + ri;
        if (core - background < MIN_CONTRAST_HU) {
            return new NoduleMeasurement(Double.NaN, Double.NaN);
        }
        boolean[] region = grow(inside, hu, centre, (core + background) / 2, nk, nj, ni);
        double[] areaPerSlice = new double[nk];
        double fractionSum = 0;
        int[] around = new int[Neighbourhood26.BLOCK];
        for (int a = 0; a < nk; a++) {
            for (int b = 0; b < nj; b++) {
                for (int c = 0; c < ni; c++) {
                    int idx = (a * nj + b) * ni + c;
                    if (inside[idx] && nearRegion(region, a, b, c, nk, nj, ni, around)) {
                        double f = Math.max(0, Math.min(1, (hu[idx] - background) / (core - background)));
                        fractionSum += f;
                        areaPerSlice[a] += f;
                    }
                }
            }
        }
        double maxArea = Arrays.stream(areaPerSlice).max().orElse(0) * s[1] * s[2];
        return new NoduleMeasurement(2 * Math.sqrt(maxArea / Math.PI), fractionSum * v.voxelVolumeMm3());
    }

    /** Mean of the 3x3 in-plane neighbourhood: noise-averaged HU of the lesion's core. */
    private static double coreHu(Volume v, int k, int j, int i) {
        double sum = 0;
        int n = 0;
        for (int dj = -1; dj <= 1; dj++) {
            for (int di = -1; di <= 1; di++) {
                int jj = j + dj;
                int ii = i + di;
                if (jj >= 0 && jj < v.height() && ii >= 0 && ii < v.width()) {
                    sum += v.at(k, jj, ii);
                    n++;
                }
            }
        }
        return sum / n;
    }

    private static boolean[] grow(boolean[] inside, float[] hu, int seed, double threshold, int nk, int nj, int ni) {
        boolean[] region = new boolean[inside.length];
        int[] queue = new int[inside.length];
        int head = 0;
        int tail = 0;
        queue[tail++] = seed;
        region[seed] = true;
        while (head < tail) {
            int v = queue[head++];
            int a = v / (nj * ni);
            int b = v / ni % nj;
            int c = v % ni;
            for (int d = 0; d < 6; d++) {
                int na = a + (d == 0 ? -1 : d == 1 ? 1 : 0);
                int nb = b + (d == 2 ? -1 : d == 3 ? 1 : 0);
                int nc = c + (d == 4 ? -1 : d == 5 ? 1 : 0);
                if (na < 0 || na >= nk || nb < 0 || nb >= nj || nc < 0 || nc >= ni) {
                    continue;
                }
                int n = (na * nj + nb) * ni + nc;
                if (!region[n] && inside[n] && hu[n] >= threshold) {
                    region[n] = true;
                    queue[tail++] = n;
                }
            }
        }
        return region;
    }

    /** Whether the voxel or one of its 26 neighbours is in the region; around is scratch room for the block. */
    private static boolean nearRegion(boolean[] region, int a, int b, int c, int nk, int nj, int ni, int[] around) {
        int count = Neighbourhood26.indices(a, b, c, nk, nj, ni, around);
        for (int m = 0; m < count; m++) {
            if (region[around[m]]) {
                return true;
            }
        }
        return false;
    }

    private static int clamp(int v, int n) {
        return Math.max(0, Math.min(n - 1, v));
    }
}

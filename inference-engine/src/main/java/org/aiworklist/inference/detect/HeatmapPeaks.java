package org.aiworklist.inference.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aiworklist.inference.manifest.OutputContract;

/**
 * Turns a heat-map volume into detections: voxels at or above the threshold, grouped into 26-connected
 * components, each large enough one reduced to its probability-weighted centre and peak; then non-maximum
 * suppression by distance and a cap on the count.
 */
final class HeatmapPeaks {
    private HeatmapPeaks() {}

    /**
     * @param k, j, i     centre in volume voxel coordinates (slice, row, column), fractional
     * @param probability peak heat in the component
     */
    record Peak(double k, double j, double i, double probability, int voxels) {}

    /**
     * @param heat    depth x rows x cols heat values, z-major
     * @param spacing z, row, column spacing of the volume (mm), for the suppression distance
     */
    static List<Peak> find(float[] heat, int depth, int rows, int cols, OutputContract out, double[] spacing) {
        float threshold = (float) out.threshold();
        int stride = out.stride();
        double offset = (stride - 1) / 2.0;
        boolean[] seen = new boolean[heat.length];
        int[] queue = new int[heat.length];
        int[] around = new int[Neighbourhood26.BLOCK];
        int plane = rows * cols;
        List<Peak> peaks = new ArrayList<>();
        for (int start = 0; start < heat.length; start++) {
            if (seen[start] || heat[start] < threshold) {
                continue;
            }
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            double sum = 0;
            double sk = 0;
            double sj = 0;
            double si = 0;
            float max = 0;
            while (head < tail) {
                int v = queue[head++];
                int k = v / plane;
                int j = v % plane / cols;
                int i = v % cols;
                float w = heat[v];
                sum += w;
                sk += w * k;
                sj += w * j;
                si += w * i;
                max = Math.max(max, w);
                int count = Neighbourhood26.indices(k, j, i, depth, rows, cols, around);
                for (int m = 0; m < count; m++) {
                    int n = around[m];
                    if (!seen[n] && heat[n] >= threshold) {
                        seen[n] = true;
                        queue[tail++] = n;
                    }
                }
            }
            if (tail >= out.minVoxels()) {
                peaks.add(new Peak(sk / sum, sj / sum * stride + offset, si / sum * stride + offset, max, tail));
            }
        }
        return suppress(peaks, out, spacing);
    }

    private static List<Peak> suppress(List<Peak> peaks, OutputContract out, double[] spacing) {
        peaks.sort(Comparator.comparingDouble(Peak::probability).reversed());
        List<Peak> kept = new ArrayList<>();
        for (Peak p : peaks) {
            boolean near = false;
            for (Peak q : kept) {
                double dz = (p.k() - q.k()) * spacing[0];
                double dy = (p.j() - q.j()) * spacing[1];
                double dx = (p.i() - q.i()) * spacing[2];
                near |= Math.sqrt(dz * dz + dy * dy + dx * dx) < out.nmsDistanceMm();
            }
            if (!near) {
                kept.add(p);
                if (kept.size() == out.maxFindings()) {
                    break;
                }
            }
        }
        return kept;
    }
}

package org.aiworklist.inference.boxes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.aiworklist.inference.manifest.BoxOutput;

/**
 * One axis-aligned box as a detector gave it, corners ordered (min <= max), in the detector's coordinates.
 *
 * @param min   x, y, z of the low corner
 * @param max   x, y, z of the high corner
 * @param label index into the manifest's labels
 */
record Box(double[] min, double[] max, double score, int label) {
    Box {
        for (int a = 0; a < 3; a++) {
            if (!(min[a] <= max[a])) {
                throw new IllegalArgumentException("box corner " + a + ": " + min[a] + " > " + max[a]);
            }
        }
    }

    /** The six numbers of one box in {@code format}. */
    static Box of(float[] v, int offset, BoxOutput.Format format, double score, int label) {
        double[] a = new double[3];
        double[] b = new double[3];
        for (int i = 0; i < 3; i++) {
            if (format == BoxOutput.Format.XYZXYZ) {
                a[i] = Math.min(v[offset + i], v[offset + 3 + i]);
                b[i] = Math.max(v[offset + i], v[offset + 3 + i]);
            } else {
                double half = Math.abs(v[offset + 3 + i]) / 2;
                a[i] = v[offset + i] - half;
                b[i] = v[offset + i] + half;
            }
        }
        return new Box(a, b, score, label);
    }

    double[] centre() {
        return new double[] {(min[0] + max[0]) / 2, (min[1] + max[1]) / 2, (min[2] + max[2]) / 2};
    }

    double[] size() {
        return new double[] {max[0] - min[0], max[1] - min[1], max[2] - min[2]};
    }

    /**
     * Intersection over union. It does not change when an axis is scaled, so boxes in voxels of any spacing compare
     * as they would in millimetres.
     */
    double iou(Box other) {
        double intersection = 1;
        for (int a = 0; a < 3; a++) {
            intersection *= Math.max(0, Math.min(max[a], other.max[a]) - Math.max(min[a], other.min[a]));
        }
        double union = volume() + other.volume() - intersection;
        return union <= 0 ? (intersection > 0 ? 1 : 0) : intersection / union;
    }

    private double volume() {
        double[] s = size();
        return s[0] * s[1] * s[2];
    }

    /**
     * Non-maximum suppression per label: most probable first, a box overlapping a kept box of its label by more than
     * {@code maxIou} is dropped; at most {@code limit} boxes are kept.
     */
    static List<Box> suppress(List<Box> boxes, double maxIou, int limit) {
        List<Box> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble(Box::score).reversed());
        List<Box> kept = new ArrayList<>();
        for (Box box : sorted) {
            if (kept.stream().noneMatch(k -> k.label == box.label && k.iou(box) > maxIou)) {
                kept.add(box);
                if (kept.size() == limit) {
                    break;
                }
            }
        }
        return kept;
    }
}

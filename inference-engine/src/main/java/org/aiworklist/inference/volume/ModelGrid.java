package org.aiworklist.inference.volume;

import org.aiworklist.inference.manifest.AxisCode;
import org.aiworklist.inference.manifest.Preprocessing;

/**
 * How the model's tensor axes lie on a {@link Volume}: which volume axis (0 slice, 1 row, 2 column) each tensor
 * axis runs along and whether it runs backwards. Turning a volume to an axis code only permutes and flips axes
 * (the nearest patient axis wins for oblique series, as nibabel's {@code io_orientation}), so no voxel is
 * interpolated.
 */
public final class ModelGrid {
    private final int[] volumeAxis;
    private final boolean[] flipped;
    private final int[] shape;
    /** Volume index of tensor voxel (0, 0, 0) and the index step per tensor axis (negative when flipped). */
    private final int origin;

    private final int[] step;

    private ModelGrid(int[] volumeAxis, boolean[] flipped, int[] volumeShape) {
        this.volumeAxis = volumeAxis;
        this.flipped = flipped;
        int[] volumeStep = {volumeShape[1] * volumeShape[2], volumeShape[2], 1};
        this.shape = new int[3];
        this.step = new int[3];
        int o = 0;
        for (int t = 0; t < 3; t++) {
            int a = volumeAxis[t];
            shape[t] = volumeShape[a];
            step[t] = flipped[t] ? -volumeStep[a] : volumeStep[a];
            o += flipped[t] ? (volumeShape[a] - 1) * volumeStep[a] : 0;
        }
        this.origin = o;
    }

    /** The grid of {@code volume} turned to {@code code}; a null code keeps the volume's own axes. */
    public static ModelGrid of(Volume volume, AxisCode code) {
        int[] shape = {volume.depth(), volume.height(), volume.width()};
        if (code == null) {
            return new ModelGrid(new int[] {0, 1, 2}, new boolean[3], shape);
        }
        double[][] directions = {volume.axisDirection(0), volume.axisDirection(1), volume.axisDirection(2)};
        return oriented(directions, code, shape);
    }

    private static ModelGrid oriented(double[][] directions, AxisCode code, int[] shape) {
        int[] patientAxis = nearestPatientAxes(directions);
        int[] volumeAxis = new int[3];
        boolean[] flipped = new boolean[3];
        for (int t = 0; t < 3; t++) {
            for (int a = 0; a < 3; a++) {
                if (patientAxis[a] == code.patientAxis(t)) {
                    volumeAxis[t] = a;
                    flipped[t] = Math.signum(directions[a][patientAxis[a]]) != code.sign(t);
                }
            }
        }
        return new ModelGrid(volumeAxis, flipped, shape);
    }

    /** For each volume axis the patient axis it follows most closely, each patient axis taken once. */
    private static int[] nearestPatientAxes(double[][] directions) {
        int[] patientAxis = {-1, -1, -1};
        boolean[] taken = new boolean[3];
        for (int round = 0; round < 3; round++) {
            int bestVolume = -1;
            int bestPatient = -1;
            double best = -1;
            for (int v = 0; v < 3; v++) {
                for (int a = 0; a < 3; a++) {
                    if (patientAxis[v] < 0 && !taken[a] && Math.abs(directions[v][a]) > best) {
                        best = Math.abs(directions[v][a]);
                        bestVolume = v;
                        bestPatient = a;
                    }
                }
            }
            patientAxis[bestVolume] = bestPatient;
            taken[bestPatient] = true;
        }
        return patientAxis;
    }

    /**
     * The spacing rule a model's preprocessing gives the volume assembler: spacing is declared per tensor axis, so
     * with an axis code it depends on which way the series' slices lie.
     */
    public static VolumeAssembler.TargetSpacing targetSpacing(Preprocessing pre) {
        double[] tensorSpacing = pre.spacingMm();
        AxisCode code = pre.orientation();
        if (tensorSpacing == null || code == null) {
            return orientation -> tensorSpacing;
        }
        return orientation -> {
            if (orientation == null) {
                return tensorSpacing;
            }
            double[] normal = Volume.normalOf(orientation);
            double[][] directions = {
                normal,
                {orientation[3], orientation[4], orientation[5]},
                {orientation[0], orientation[1], orientation[2]}
            };
            ModelGrid grid = oriented(directions, code, new int[] {1, 1, 1});
            double[] volumeSpacing = new double[3];
            for (int t = 0; t < 3; t++) {
                volumeSpacing[grid.volumeAxis[t]] = tensorSpacing[t];
            }
            return volumeSpacing;
        };
    }

    /** Tensor-order sizes of the three spatial axes (for NCHW: slices, rows, columns of each slice). */
    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return shape[0] * shape[1] * shape[2];
    }

    /** Index into the volume's voxel array of tensor voxel (t0, t1, t2). */
    public int volumeIndex(int t0, int t1, int t2) {
        return origin + t0 * step[0] + t1 * step[1] + t2 * step[2];
    }

    /** The volume axis (0 slice, 1 row, 2 column) tensor axis {@code t} runs along. */
    public int volumeAxis(int t) {
        return volumeAxis[t];
    }

    public boolean flipped(int t) {
        return flipped[t];
    }

    /** True when tensor order is the volume's own order. */
    public boolean identity() {
        return origin == 0 && volumeAxis[0] == 0 && volumeAxis[1] == 1 && volumeAxis[2] == 2;
    }

    /** Tensor-order values ({@link #shape()}, z-major) rearranged into the volume's voxel order. */
    public float[] toVolumeOrder(float[] tensorOrder) {
        if (identity()) {
            return tensorOrder;
        }
        float[] out = new float[tensorOrder.length];
        int n = 0;
        for (int t0 = 0; t0 < shape[0]; t0++) {
            for (int t1 = 0; t1 < shape[1]; t1++) {
                int base = origin + t0 * step[0] + t1 * step[1];
                for (int t2 = 0; t2 < shape[2]; t2++) {
                    out[base + t2 * step[2]] = tensorOrder[n++];
                }
            }
        }
        return out;
    }
}

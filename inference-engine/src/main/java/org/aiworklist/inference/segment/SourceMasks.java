package org.aiworklist.inference.segment;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.Segment;
import org.aiworklist.common.SegmentFrame;
import org.aiworklist.common.Segmentation;
import org.aiworklist.inference.manifest.SegmentSpec;
import org.aiworklist.inference.manifest.SegmentationContract;
import org.aiworklist.inference.volume.ModelGrid;
import org.aiworklist.inference.volume.SourceSlice;
import org.aiworklist.inference.volume.Volume;

/**
 * Brings segment scores from the model's grid back to the source images: the tensor is turned back to the
 * volume's axes, then each source pixel takes the trilinear interpolation of the scores at its position (so a
 * coarser model grid gives smooth edges at source resolution), cut at the decision threshold for BINARY segments or
 * kept as a fraction for FRACTIONAL ones. Volumes are counted on the source grid.
 */
final class SourceMasks {
    private SourceMasks() {}

    static Segmentation of(Volume volume, ModelGrid grid, SegmentationContract contract, List<float[]> scores) {
        Axis rows = Axis.of(volume.sourceRows(), volume.height(), volume::voxelRow);
        Axis columns = Axis.of(volume.sourceColumns(), volume.width(), volume::voxelColumn);
        double cut = SegmentScores.cut(contract);
        double voxelMm3 = volume.sourceVoxelVolumeMm3();
        List<Segment> segments = new ArrayList<>();
        List<SegmentFrame> frames = new ArrayList<>();
        for (int s = 0; s < contract.segments().size(); s++) {
            float[] values = grid.toVolumeOrder(scores.get(s));
            double amount = 0;
            for (SourceSlice source : volume.sources()) {
                double k = Math.max(0, Math.min(volume.depth() - 1, volume.voxelSlice(source)));
                byte[] mask = new byte[rows.count * columns.count];
                boolean any = false;
                for (int r = 0; r < rows.count; r++) {
                    for (int c = 0; c < columns.count; c++) {
                        double v = interpolate(values, volume, k, rows, r, columns, c);
                        int out = contract.fractional() ? (int) Math.round(v * 255) : v >= cut ? 1 : 0;
                        if (out != 0) {
                            mask[r * columns.count + c] = (byte) out;
                            amount += contract.fractional() ? out / 255.0 : 1;
                            any = true;
                        }
                    }
                }
                if (any) {
                    frames.add(new SegmentFrame(s + 1, source.reference(), rows.count, columns.count, mask));
                }
            }
            SegmentSpec spec = contract.segments().get(s);
            segments.add(new Segment(s + 1, spec.label(), spec.category(), spec.type(), amount * voxelMm3));
        }
        return new Segmentation(segments, contract.fractional(), frames);
    }

    private static double interpolate(float[] values, Volume volume, double k, Axis rows, int r, Axis columns, int c) {
        int k0 = (int) k;
        int k1 = Math.min(volume.depth() - 1, k0 + 1);
        double fk = k - k0;
        int plane = volume.height() * volume.width();
        double below = bilinear(values, k0 * plane, volume.width(), rows, r, columns, c);
        if (fk == 0) {
            return below;
        }
        return below + fk * (bilinear(values, k1 * plane, volume.width(), rows, r, columns, c) - below);
    }

    private static double bilinear(float[] values, int base, int width, Axis rows, int r, Axis columns, int c) {
        int a = base + rows.low[r] * width;
        int b = base + rows.high[r] * width;
        double top = values[a + columns.low[c]]
                + columns.fraction[c] * (values[a + columns.high[c]] - values[a + columns.low[c]]);
        double bottom = values[b + columns.low[c]]
                + columns.fraction[c] * (values[b + columns.high[c]] - values[b + columns.low[c]]);
        return top + rows.fraction[r] * (bottom - top);
    }

    /** For each source pixel index along one axis: the two voxels around it and the weight of the upper one. */
    private record Axis(int count, int[] low, int[] high, double[] fraction) {
        interface ToVoxel {
            double at(double sourceIndex);
        }

        static Axis of(int count, int voxels, ToVoxel toVoxel) {
            int[] low = new int[count];
            int[] high = new int[count];
            double[] fraction = new double[count];
            for (int p = 0; p < count; p++) {
                double x = Math.max(0, Math.min(voxels - 1, toVoxel.at(p)));
                low[p] = (int) x;
                high[p] = Math.min(voxels - 1, low[p] + 1);
                fraction[p] = x - low[p];
            }
            return new Axis(count, low, high, fraction);
        }
    }
}

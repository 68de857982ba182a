package org.aiworklist.inference.volume;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aiworklist.inference.manifest.InputLayout;
import org.aiworklist.inference.manifest.IntensityTransform;
import org.aiworklist.inference.manifest.Preprocessing;

/**
 * A volume prepared as a model declares: each intensity channel transformed once over the whole volume, read
 * through the model's {@link ModelGrid}. It fills input windows of the tensor; what lies outside the volume is
 * zero (padding).
 */
public final class ModelInput {
    private final Preprocessing pre;
    private final ModelGrid grid;
    private final List<float[]> channels;

    private ModelInput(Preprocessing pre, ModelGrid grid, List<float[]> channels) {
        this.pre = pre;
        this.grid = grid;
        this.channels = channels;
    }

    public static ModelInput of(Volume volume, Preprocessing pre) {
        List<float[]> channels = new ArrayList<>();
        for (List<IntensityTransform> steps : pre.channels()) {
            float[] values = volume.voxels().clone();
            for (IntensityTransform step : steps) {
                step.apply(values);
            }
            channels.add(values);
        }
        return new ModelInput(pre, ModelGrid.of(volume, pre.orientation()), channels);
    }

    public ModelGrid grid() {
        return grid;
    }

    /** Input values one window of {@code size} takes: its voxels times the input channels. */
    public int windowValues(int[] size) {
        return pre.inputChannels() * size[0] * size[1] * size[2];
    }

    /**
     * Writes the window of tensor voxels starting at {@code start} with {@code size} (three tensor axes; for NCHW
     * {@code size[0]} is 1) into {@code dst} from {@code offset}, channel-major. For NCHW each intensity channel
     * brings its context slices, repeating the edge slices at the ends of the volume.
     */
    public void fill(float[] dst, int offset, int[] start, int[] size) {
        int[] shape = grid.shape();
        int plane = size[1] * size[2];
        int o = offset;
        if (pre.layout() == InputLayout.NCHW) {
            int half = pre.contextSlices() / 2;
            for (float[] channel : channels) {
                for (int s = 0; s < pre.contextSlices(); s++) {
                    int slice = Math.max(0, Math.min(shape[0] - 1, start[0] - half + s));
                    fillBox(channel, dst, o, new int[] {slice, start[1], start[2]}, new int[] {1, size[1], size[2]});
                    o += plane;
                }
            }
        } else {
            for (float[] channel : channels) {
                fillBox(channel, dst, o, start, size);
                o += size[0] * plane;
            }
        }
    }

    private void fillBox(float[] channel, float[] dst, int offset, int[] start, int[] size) {
        int[] shape = grid.shape();
        int o = offset;
        for (int d = 0; d < size[0]; d++) {
            int t0 = start[0] + d;
            for (int h = 0; h < size[1]; h++) {
                int t1 = start[1] + h;
                if (t0 >= shape[0] || t1 >= shape[1]) {
                    Arrays.fill(dst, o, o + size[2], 0f);
                    o += size[2];
                    continue;
                }
                int inside = Math.max(0, Math.min(size[2], shape[2] - start[2]));
                for (int w = 0; w < inside; w++) {
                    dst[o + w] = channel[grid.volumeIndex(t0, t1, start[2] + w)];
                }
                Arrays.fill(dst, o + inside, o + size[2], 0f);
                o += size[2];
            }
        }
    }
}

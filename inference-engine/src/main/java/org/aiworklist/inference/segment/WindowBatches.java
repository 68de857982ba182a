package org.aiworklist.inference.segment;

import java.util.Arrays;
import java.util.List;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.manifest.InputLayout;
import org.aiworklist.inference.manifest.Preprocessing;
import org.aiworklist.inference.volume.ModelInput;

/**
 * A {@link WindowPlan}'s windows through the model in batches of the manifest's batch size, for every output type
 * that runs windows (classification, segmentation); what each batch's output means is the caller's.
 */
public final class WindowBatches {
    /** What the model returned for one batch, whose first {@code starts.size()} entries are real windows. */
    @FunctionalInterface
    public interface BatchOutput {
        void accept(LoadedModel.Output output, int batch, List<int[]> starts);
    }

    private WindowBatches() {}

    public static void run(LoadedModel model, ModelInput input, WindowPlan plan, BatchOutput out) {
        Preprocessing pre = model.manifest().preprocessing();
        int[] size = plan.size();
        int perWindow = input.windowValues(size);
        List<int[]> starts = plan.starts();
        // GPU engines get full batches only: a new batch size would make TensorRT build another engine.
        boolean fullBatches = model.engine().kind().needsGpu();
        float[] batchInput = null;
        for (int first = 0; first < starts.size(); first += pre.batchSize()) {
            List<int[]> windows = starts.subList(first, Math.min(starts.size(), first + pre.batchSize()));
            int batch = fullBatches ? pre.batchSize() : windows.size();
            if (batchInput == null || batchInput.length != batch * perWindow) {
                batchInput = new float[batch * perWindow];
            }
            Arrays.fill(batchInput, 0f);
            for (int b = 0; b < windows.size(); b++) {
                input.fill(batchInput, b * perWindow, windows.get(b), size);
            }
            out.accept(model.run(batchInput, inputShape(pre, batch, size)), batch, windows);
        }
    }

    private static long[] inputShape(Preprocessing pre, int batch, int[] size) {
        return pre.layout() == InputLayout.NCHW
                ? new long[] {batch, pre.inputChannels(), size[1], size[2]}
                : new long[] {batch, pre.inputChannels(), size[0], size[1], size[2]};
    }
}

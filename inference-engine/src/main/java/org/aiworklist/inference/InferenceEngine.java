package org.aiworklist.inference;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.inference.engine.EngineSelector;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.engine.MachineCapabilities;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.volume.VolumeException;

/**
 * What routes use: each model is loaded once (on the engine its manifest prefers and this machine has), kept,
 * and shared by all callers; each concurrent call borrows one of {@code workersPerModel} warmed-up predictors.
 */
public final class InferenceEngine implements AutoCloseable {
    private final EngineSelector selector;
    private final int workersPerModel;
    private final Map<String, LoadedModel> loaded = new ConcurrentHashMap<>();

    public InferenceEngine(EngineSelector selector, int workersPerModel) {
        if (workersPerModel < 1) {
            throw new IllegalArgumentException("workersPerModel must be at least 1");
        }
        this.selector = selector;
        this.workersPerModel = workersPerModel;
    }

    /** Probes this machine; TensorRT engines are cached under {@code engineCache}. */
    public static InferenceEngine onThisMachine(int workersPerModel, Path engineCache) {
        return new InferenceEngine(new EngineSelector(MachineCapabilities.probe(), engineCache), workersPerModel);
    }

    /** Loads (first call) or returns the loaded model; a changed model file (new sha256) is a different model. */
    public LoadedModel load(ModelManifest manifest) {
        return loaded.computeIfAbsent(
                manifest.id() + "@" + manifest.sha256(), key -> selector.load(manifest, workersPerModel));
    }

    /**
     * Runs the model on one series (slices in any order, streamed) with the post-processing its output type needs
     * ({@link ModelRunner}).
     *
     * @throws VolumeException when the series is inconsistent or outside the model's input contract
     */
    public InferenceResult infer(ModelManifest manifest, Iterable<ImageSlice> series) throws VolumeException {
        return ModelRunner.run(load(manifest), series);
    }

    @Override
    public void close() {
        loaded.values().forEach(LoadedModel::close);
        loaded.clear();
    }
}

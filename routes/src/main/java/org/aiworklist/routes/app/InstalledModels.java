package org.aiworklist.routes.app;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.inference.InferenceEngine;
import org.aiworklist.inference.engine.EngineReport;
import org.aiworklist.inference.engine.EngineSelector;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.engine.MachineCapabilities;
import org.aiworklist.inference.manifest.ModelRegistry;
import org.aiworklist.inference.volume.VolumeException;
import org.aiworklist.routes.config.ConfigException;
import org.aiworklist.routes.config.NodeConfiguration;

/**
 * The models the rules name, loaded and warmed up at start-up so the first study does not wait for it.
 * A bad manifest, or a rule naming a model that is not installed, stops start-up with one line.
 */
public final class InstalledModels implements AutoCloseable {
    private final Map<String, LoadedModel> loaded;
    private final ModelRegistry registry;
    private String engineReport;

    private InstalledModels(Map<String, LoadedModel> loaded, ModelRegistry registry) {
        this.loaded = loaded;
        this.registry = registry;
    }

    /** A loaded model, and the engine it runs on with the reason (as the log and `./aiworklist engines` say). */
    public record Running(String id, String version, String name, String engine, String reason) {}

    public static InstalledModels load(NodeConfiguration config) {
        ModelRegistry registry = registry(config);
        EngineSelector selector = new EngineSelector(
                MachineCapabilities.probe(), config.storage().results().resolveSibling("engine-cache"));
        Map<String, LoadedModel> loaded = new LinkedHashMap<>();
        for (NodeConfiguration.Rule rule : config.rules()) {
            for (String id : rule.models()) {
                if (!loaded.containsKey(id)) {
                    // One predictor: the inference route has one consumer, and inference holds both cores.
                    loaded.put(id, selector.load(registry.find(id).orElseThrow(), 1));
                }
            }
        }
        return new InstalledModels(loaded, registry);
    }

    /** The manifests, validated against the rules that name them. */
    static ModelRegistry registry(NodeConfiguration config) {
        ModelRegistry registry;
        try {
            registry = ModelRegistry.load(config.modelsDirectory());
        } catch (IOException e) {
            throw new ConfigException("models.directory", "cannot be read: " + e.getMessage());
        }
        if (!registry.rejected().isEmpty()) {
            throw new ConfigException(
                    "models.directory", registry.rejected().get(0).getMessage());
        }
        List<NodeConfiguration.Rule> rules = config.rules();
        for (int r = 0; r < rules.size(); r++) {
            List<String> models = rules.get(r).models();
            for (int m = 0; m < models.size(); m++) {
                if (registry.find(models.get(m)).isEmpty()) {
                    throw new ConfigException(
                            "rules[" + r + "].models[" + m + "]", "names no installed model: '" + models.get(m) + "'");
                }
            }
        }
        return registry;
    }

    public List<Running> running() {
        return loaded.values().stream()
                .map(m -> new Running(
                        m.manifest().id(),
                        m.manifest().version(),
                        m.manifest().name(),
                        m.engine().kind().toString(),
                        m.engine().reason()))
                .toList();
    }

    /** What `./aiworklist engines` prints for this machine and these models; probed once, on first use. */
    public synchronized String engineReport() {
        if (engineReport == null) {
            engineReport = EngineReport.describe(registry);
        }
        return engineReport;
    }

    public String versionOf(String modelId) {
        return model(modelId).manifest().version();
    }

    /** Findings for detectors; for segmentation models also {@link InferenceResult#segmentation()}. */
    public InferenceResult infer(String modelId, Iterable<ImageSlice> series) throws VolumeException {
        return InferenceEngine.infer(model(modelId), series);
    }

    /** `./aiworklist engines`: what this machine can run and what each installed model would use. */
    static String describeEngines(NodeConfiguration config) {
        return EngineReport.describe(registry(config));
    }

    private LoadedModel model(String id) {
        LoadedModel model = loaded.get(id);
        if (model == null) {
            throw new IllegalArgumentException("model '" + id + "' is not loaded");
        }
        return model;
    }

    @Override
    public void close() {
        loaded.values().forEach(LoadedModel::close);
    }
}

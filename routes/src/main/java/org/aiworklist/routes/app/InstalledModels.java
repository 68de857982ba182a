package org.aiworklist.routes.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.Priority;
import org.aiworklist.inference.ModelRunner;
import org.aiworklist.inference.engine.EngineReport;
import org.aiworklist.inference.engine.EngineSelector;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.engine.MachineCapabilities;
import org.aiworklist.inference.generative.ChatCompletionsClient;
import org.aiworklist.inference.generative.EndpointAddresses;
import org.aiworklist.inference.manifest.ClassificationOutput;
import org.aiworklist.inference.manifest.GenerativeReportManifest;
import org.aiworklist.inference.manifest.ModelRegistry;
import org.aiworklist.inference.volume.VolumeException;
import org.aiworklist.routes.config.ConfigException;
import org.aiworklist.routes.config.NodeConfiguration;

/**
 * The models the rules name, loaded and warmed up at start-up so the first study does not wait for it; for a
 * generative-report model, its endpoint checked against the allowlist (a public address refused unless explicitly
 * allowed) and its API key read. A bad manifest, a rule naming a model that is not installed, or an endpoint the
 * node may not use stops start-up with one line.
 */
public final class InstalledModels implements AutoCloseable {
    private final Map<String, LoadedModel> loaded;
    private final Map<String, GenerativeModel> generative;
    private final ModelRegistry registry;
    private String engineReport;

    /** A generative-report model and the client that asks its endpoint. */
    public record GenerativeModel(GenerativeReportManifest manifest, ChatCompletionsClient client) {}

    private InstalledModels(
            Map<String, LoadedModel> loaded, Map<String, GenerativeModel> generative, ModelRegistry registry) {
        this.loaded = loaded;
        this.generative = generative;
        this.registry = registry;
    }

    /** A loaded model, and the engine it runs on with the reason (as the log and `./aiworklist engines` say). */
    public record Running(String id, String version, String name, String engine, String reason) {}

    public static InstalledModels load(NodeConfiguration config) {
        return load(config, System.getenv());
    }

    /** As {@link #load(NodeConfiguration)}, reading generative models' API keys from the given environment. */
    public static InstalledModels load(NodeConfiguration config, Map<String, String> environment) {
        ModelRegistry registry = registry(config);
        EngineSelector selector = new EngineSelector(
                MachineCapabilities.probe(), config.storage().results().resolveSibling("engine-cache"));
        Map<String, LoadedModel> loaded = new LinkedHashMap<>();
        Map<String, GenerativeModel> generative = new LinkedHashMap<>();
        List<NodeConfiguration.Rule> rules = config.rules();
        for (int r = 0; r < rules.size(); r++) {
            List<String> ids = rules.get(r).models();
            for (int m = 0; m < ids.size(); m++) {
                String id = ids.get(m);
                Optional<GenerativeReportManifest> remote = registry.findGenerative(id);
                if (remote.isPresent() && !generative.containsKey(id)) {
                    generative.put(
                            id,
                            generativeModel(
                                    remote.get(),
                                    config.modelEndpoints(),
                                    environment,
                                    "rules[" + r + "].models[" + m + "]"));
                } else if (remote.isEmpty() && !loaded.containsKey(id)) {
                    // One predictor: the inference route has one consumer, and inference holds both cores.
                    loaded.put(id, selector.load(registry.find(id).orElseThrow(), 1));
                }
            }
        }
        return new InstalledModels(loaded, generative, registry);
    }

    /** The endpoint checked (allowlist, public address) and the API key read; the key itself is never printed. */
    private static GenerativeModel generativeModel(
            GenerativeReportManifest manifest,
            NodeConfiguration.ModelEndpoints endpoints,
            Map<String, String> environment,
            String ruleKey) {
        String refusal = EndpointAddresses.refusal(
                manifest.endpoint().baseUrl(), endpoints.allowedHosts(), endpoints.allowPublicAddresses());
        if (refusal != null) {
            throw new ConfigException("modelEndpoints", "model '" + manifest.id() + "' (" + ruleKey + "): " + refusal);
        }
        String keyVariable = manifest.endpoint().apiKeyEnv();
        String apiKey = keyVariable == null ? null : environment.get(keyVariable);
        if (keyVariable != null && (apiKey == null || apiKey.isBlank())) {
            throw new ConfigException(
                    ruleKey,
                    "model '" + manifest.id() + "' needs its API key in the environment variable " + keyVariable
                            + " (endpoint.apiKeyEnv), which is not set");
        }
        return new GenerativeModel(
                manifest,
                new ChatCompletionsClient(
                        manifest, apiKey, endpoints.allowedHosts(), endpoints.allowPublicAddresses()));
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
                if (!registry.defines(models.get(m))) {
                    throw new ConfigException(
                            "rules[" + r + "].models[" + m + "]", "names no installed model: '" + models.get(m) + "'");
                }
            }
        }
        return registry;
    }

    /** The detectors with their engines, then the generative-report models with the endpoint they ask. */
    public List<Running> running() {
        List<Running> running = new ArrayList<>();
        loaded.values()
                .forEach(m -> running.add(new Running(
                        m.manifest().id(),
                        m.manifest().version(),
                        m.manifest().name(),
                        m.engine().kind().toString(),
                        m.engine().reason())));
        generative.values().forEach(g -> {
            GenerativeReportManifest.Endpoint endpoint = g.manifest().endpoint();
            running.add(new Running(
                    g.manifest().id(),
                    g.manifest().version(),
                    g.manifest().name(),
                    endpoint.serving() + " endpoint",
                    "drafts asked of " + endpoint.model() + " at " + EndpointAddresses.host(endpoint.baseUrl())
                            + (endpoint.baseUrl().getPort() < 0
                                    ? ""
                                    : ":" + endpoint.baseUrl().getPort())));
        });
        return running;
    }

    /** What `./aiworklist engines` prints for this machine and these models; probed once, on first use. */
    public synchronized String engineReport() {
        if (engineReport == null) {
            engineReport = EngineReport.describe(registry);
        }
        return engineReport;
    }

    public String versionOf(String modelId) {
        GenerativeModel remote = generative.get(modelId);
        return remote != null
                ? remote.manifest().version()
                : model(modelId).manifest().version();
    }

    /** True for a model that writes a draft report through an endpoint rather than running here. */
    public boolean isGenerative(String modelId) {
        return generative.containsKey(modelId);
    }

    public GenerativeModel generative(String modelId) {
        GenerativeModel model = generative.get(modelId);
        if (model == null) {
            throw new IllegalArgumentException("model '" + modelId + "' is no generative-report model");
        }
        return model;
    }

    /** The generative-report models the rules name, by id. */
    public Map<String, GenerativeModel> generativeModels() {
        return Collections.unmodifiableMap(generative);
    }

    /** A triage classifier: its positive verdict can raise a study's priority. */
    public boolean isTriage(String modelId) {
        return !isGenerative(modelId) && model(modelId).manifest().output().triage();
    }

    /** The priority the present findings of a classifier's result call for; empty for none (or no classifier). */
    public Optional<Priority> escalation(String modelId, InferenceResult result) {
        Optional<ClassificationOutput> classifier =
                model(modelId).manifest().output().classification();
        return classifier.isPresent() && result.classification().isPresent()
                ? classifier.get().escalation(result.classification().get())
                : Optional.empty();
    }

    /**
     * Findings for detectors, verdicts for classifiers ({@link InferenceResult#classification()}), segments for
     * segmentation models ({@link InferenceResult#segmentation()}).
     */
    public InferenceResult infer(String modelId, Iterable<ImageSlice> series) throws VolumeException {
        return ModelRunner.run(model(modelId), series);
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

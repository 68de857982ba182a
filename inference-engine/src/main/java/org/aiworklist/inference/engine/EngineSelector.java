package org.aiworklist.inference.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.aiworklist.inference.manifest.EngineKind;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.manifest.Preprocessing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;

/**
 * Loads a model on the first engine of its manifest's preference list that this machine can run. Engines the
 * machine lacks are skipped without trying; any failure while loading or warming up (LinkageError included:
 * that is how DJL's TensorRT engine fails) falls back to the next. One INFO line says what was chosen and why.
 */
public final class EngineSelector {
    private static final Logger LOG = LoggerFactory.getLogger(EngineSelector.class);
    /** Warm-up plane: a 384 mm field of view at 2 mm, the usual chest case, so GPU engines are built for it. */
    private static final int WARM_UP_SIZE = 192;

    private final MachineCapabilities machine;
    private final Path engineCache;

    /** @param engineCache where the TensorRT execution provider keeps built engines between starts */
    public EngineSelector(MachineCapabilities machine, Path engineCache) {
        this.machine = machine;
        this.engineCache = engineCache;
    }

    /** The manifest's preferences judged against this machine, without loading anything. */
    public List<EngineCandidate> plan(ModelManifest manifest) {
        return manifest.engines().stream().map(this::judge).toList();
    }

    /** Whether this machine can run {@code kind} at all; the same for every model. */
    public EngineCandidate judge(EngineKind kind) {
        String problem = problem(kind);
        return new EngineCandidate(kind, problem == null, problem == null ? "available" : problem);
    }

    private String problem(EngineKind kind) {
        if (kind.needsGpu() && machine.gpuCount() == 0) {
            return "no CUDA GPU visible";
        }
        return switch (kind) {
            case ORT_CPU -> null;
            case ORT_CUDA -> machine.hasOrtProvider("CUDA") ? null
                    : "the onnxruntime jar on the class path has no CUDA provider (needs onnxruntime_gpu)";
            case ORT_TENSORRT -> machine.hasOrtProvider("TENSOR_RT") ? null
                    : "the onnxruntime jar on the class path has no TensorRT provider (needs onnxruntime_gpu)";
            case DJL_TENSORRT -> machine.djlTensorRtProblem() == null ? null
                    : "DJL TensorRT engine does not load: " + machine.djlTensorRtProblem();
        };
    }

    /**
     * Loads and warms up {@code workers} predictors on the first engine that works.
     *
     * @throws IllegalStateException when no engine in the preference list could load the model
     */
    public LoadedModel load(ModelManifest manifest, int workers) {
        DjlDefaults.apply();
        List<String> skipped = new ArrayList<>();
        for (EngineCandidate candidate : plan(manifest)) {
            if (!candidate.eligible()) {
                skipped.add(candidate.kind() + ": " + candidate.reason());
                continue;
            }
            Model model = null;
            SessionOptions sessionOptions = null;
            try {
                Map<String, Object> options = options(candidate.kind(), workers);
                sessionOptions = (SessionOptions) options.get("sessionOptions");
                model = open(manifest, candidate.kind(), options);
                LoadedModel loaded = new LoadedModel(manifest, new EngineSelection(candidate.kind(), skipped), model,
                        workers, sessionOptions);
                loaded.warmUp(warmUpShape(manifest.preprocessing()));
                LOG.info("model {} runs on {}", manifest.label(), loaded.engine().reason());
                return loaded;
            } catch (Exception | LinkageError e) {
                LOG.debug("engine {} failed for {}", candidate.kind(), manifest.label(), e);
                skipped.add(candidate.kind() + " failed: " + MachineCapabilities.describe(e));
                if (model != null) {
                    model.close();
                }
                if (sessionOptions != null) {
                    sessionOptions.close();
                }
            }
        }
        String message = "model " + manifest.label() + " cannot run on this machine: " + String.join("; ", skipped);
        LOG.error(message);
        throw new IllegalStateException(message);
    }

    private static long[] warmUpShape(Preprocessing pre) {
        return new long[] {pre.batchSize(), pre.contextSlices(), WARM_UP_SIZE, WARM_UP_SIZE};
    }

    private static Model open(ModelManifest manifest, EngineKind kind, Map<String, Object> options)
            throws IOException, MalformedModelException {
        Device device = kind.needsGpu() ? Device.gpu(0) : Device.cpu();
        String engineName = kind == EngineKind.DJL_TENSORRT ? "TensorRT" : "OnnxRuntime";
        Model model = Model.newInstance(manifest.id(), device, engineName);
        try {
            model.load(manifest.modelFile(), null, options);
            return model;
        } catch (IOException | MalformedModelException | RuntimeException | LinkageError e) {
            model.close();
            throw e;
        }
    }

    private Map<String, Object> options(EngineKind kind, int workers) throws OrtException, IOException {
        Map<String, Object> options = new HashMap<>();
        if (kind == EngineKind.DJL_TENSORRT) {
            return options;
        }
        // DJL only applies intraOpNumThreads when interOpNumThreads is set too.
        options.put("interOpNumThreads", "1");
        options.put("intraOpNumThreads", String.valueOf(Math.max(1, machine.cpuCores() / workers)));
        if (kind == EngineKind.ORT_TENSORRT) {
            // Own SessionOptions rather than ortDevice=TensorRT, which cannot take fp16 or the engine cache.
            // DJL adds the CUDA provider after it for a GPU device, so unsupported nodes still run on the GPU.
            Files.createDirectories(engineCache);
            OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(0);
            trt.add("trt_fp16_enable", "1");
            trt.add("trt_engine_cache_enable", "1");
            trt.add("trt_engine_cache_path", engineCache.toAbsolutePath().toString());
            SessionOptions session = new SessionOptions();
            session.addTensorrt(trt);
            options.put("sessionOptions", session);
        }
        return options;
    }
}

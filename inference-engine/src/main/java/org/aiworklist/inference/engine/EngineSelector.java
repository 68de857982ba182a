package org.aiworklist.inference.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.inference.manifest.EngineKind;
import org.aiworklist.inference.manifest.ManifestException;
import org.aiworklist.inference.manifest.ModelManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a model on the first engine of its manifest's preference list that this machine can run. Engines the
 * machine lacks are skipped without trying; any failure while loading or warming up (LinkageError included:
 * that is how DJL's TensorRT engine fails) falls back to the next. One INFO line says what was chosen and why.
 */
public final class EngineSelector {
    private static final Logger log = LoggerFactory.getLogger(EngineSelector.class);

    private final MachineCapabilities machine;
    private final EngineCache engineCache;

    /** @param engineCache where the TensorRT execution provider keeps built engines between starts; null to plan only */
    public EngineSelector(MachineCapabilities machine, Path engineCache) {
        this.machine = machine;
        this.engineCache = engineCache == null ? null : new EngineCache(engineCache);
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
            case ORT_CUDA ->
                machine.hasOrtProvider("CUDA")
                        ? null
                        : "the onnxruntime jar on the class path has no CUDA provider (needs onnxruntime_gpu)";
            case ORT_TENSORRT ->
                machine.hasOrtProvider("TENSOR_RT")
                        ? null
                        : "the onnxruntime jar on the class path has no TensorRT provider (needs onnxruntime_gpu)";
            case DJL_TENSORRT ->
                machine.djlTensorRtProblem() == null
                        ? null
                        : "DJL TensorRT engine does not load: " + machine.djlTensorRtProblem();
        };
    }

    /**
     * Loads and warms up {@code workers} predictors on the first engine that works. The model file is read and
     * checked against the manifest's SHA-256 once, and every engine is given those bytes.
     *
     * @throws IllegalStateException when the model file does not match its manifest, or when no engine in the
     *                               preference list could load the model
     */
    public LoadedModel load(ModelManifest manifest, int workers) {
        DjlDefaults.apply();
        byte[] onnx = verifiedBytes(manifest);
        List<String> skipped = new ArrayList<>();
        for (EngineCandidate candidate : plan(manifest)) {
            if (!candidate.eligible()) {
                skipped.add(candidate.kind() + ": " + candidate.reason());
                continue;
            }
            try {
                LoadedModel loaded = candidate.kind() == EngineKind.ORT_TENSORRT
                        ? loadWithEngineCache(manifest, onnx, candidate, skipped, workers)
                        : loadOn(manifest, onnx, candidate, skipped, workers);
                log.info(
                        "model {} runs on {}", manifest.label(), loaded.engine().reason());
                return loaded;
            } catch (Exception | LinkageError e) {
                log.debug("engine {} failed for {}", candidate.kind(), manifest.label(), e);
                skipped.add(candidate.kind() + " failed: " + MachineCapabilities.describe(e));
            }
        }
        String message = "model " + manifest.label() + " cannot run on this machine: " + String.join("; ", skipped);
        log.error(message);
        throw new IllegalStateException(message);
    }

    private static byte[] verifiedBytes(ModelManifest manifest) {
        try {
            return manifest.verifiedModelBytes();
        } catch (ManifestException e) {
            log.error("model {} refused: {}", manifest.label(), e.getMessage());
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One TensorRT build at a time: checking the cache must not delete another model's engine not yet recorded. */
    private LoadedModel loadWithEngineCache(
            ModelManifest manifest, byte[] onnx, EngineCandidate candidate, List<String> skipped, int workers)
            throws Exception {
        synchronized (engineCache) {
            engineCache.verify();
            LoadedModel loaded = loadOn(manifest, onnx, candidate, skipped, workers);
            try {
                engineCache.seal();
            } catch (IOException e) {
                loaded.close();
                throw e;
            }
            return loaded;
        }
    }

    private LoadedModel loadOn(
            ModelManifest manifest, byte[] onnx, EngineCandidate candidate, List<String> skipped, int workers)
            throws Exception {
        Model model = null;
        SessionOptions sessionOptions = null;
        try {
            Map<String, Object> options = options(candidate.kind(), workers);
            sessionOptions = (SessionOptions) options.get("sessionOptions");
            model = open(manifest, onnx, candidate.kind(), options);
            LoadedModel loaded = new LoadedModel(
                    manifest, new EngineSelection(candidate.kind(), skipped), model, workers, sessionOptions);
            loaded.warmUp(manifest.preprocessing().warmUpShape());
            return loaded;
        } catch (Exception | LinkageError e) {
            if (model != null) {
                model.close();
            }
            if (sessionOptions != null) {
                sessionOptions.close();
            }
            throw e;
        }
    }

    private static Model open(ModelManifest manifest, byte[] onnx, EngineKind kind, Map<String, Object> options)
            throws IOException, MalformedModelException {
        Device device = kind.needsGpu() ? Device.gpu(0) : Device.cpu();
        String engineName = kind == EngineKind.DJL_TENSORRT ? "TensorRT" : "OnnxRuntime";
        Model model = Model.newInstance(manifest.id(), device, engineName);
        try {
            if (kind == EngineKind.DJL_TENSORRT) {
                loadFromPrivateCopy(model, onnx, options);
            } else {
                model.load(new ByteArrayInputStream(onnx), options);
            }
            return model;
        } catch (IOException | MalformedModelException | RuntimeException | LinkageError e) {
            model.close();
            throw e;
        }
    }

    /**
     * DJL's TensorRT engine loads from a file only: it gets a copy of the verified bytes in a new folder only this
     * user can open (the JDK creates temporary folders rwx------), deleted once the engine is built.
     */
    private static void loadFromPrivateCopy(Model model, byte[] onnx, Map<String, Object> options)
            throws IOException, MalformedModelException {
        Path dir = Files.createTempDirectory("aiworklist-model-");
        Path copy = dir.resolve("model.onnx");
        try {
            Files.write(copy, onnx, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            model.load(copy, null, options);
        } finally {
            Files.deleteIfExists(copy);
            Files.delete(dir);
        }
    }

    private Map<String, Object> options(EngineKind kind, int workers) throws OrtException {
        Map<String, Object> options = new HashMap<>();
        if (kind == EngineKind.DJL_TENSORRT) {
            return options;
        }
        // DJL only applies intraOpNumThreads when interOpNumThreads is set too.
        options.put("interOpNumThreads", "1");
        options.put("intraOpNumThreads", String.valueOf(Math.max(1, machine.cpuCores() / workers)));
        SessionOptions session = new SessionOptions();
        // ONNX Runtime's CPU arena keeps the largest activations a run ever needed for the life of the session;
        // without it they are freed after each run (and, with the launcher's malloc settings, go back to the system).
        session.setCPUArenaAllocator(false);
        options.put("sessionOptions", session);
        if (kind == EngineKind.ORT_TENSORRT) {
            // Own SessionOptions rather than ortDevice=TensorRT, which cannot take fp16 or the engine cache.
            // DJL adds the CUDA provider after it for a GPU device, so unsupported nodes still run on the GPU.
            OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(0);
            trt.add("trt_fp16_enable", "1");
            trt.add("trt_engine_cache_enable", "1");
            trt.add(
                    "trt_engine_cache_path",
                    engineCache.folder().toAbsolutePath().toString());
            session.addTensorrt(trt);
        }
        return options;
    }
}

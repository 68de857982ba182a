package org.aiworklist.inference.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.phantom.PhantomStudy;
import org.aiworklist.inference.InferenceEngine;
import org.aiworklist.inference.engine.DjlDefaults;
import org.aiworklist.inference.engine.EngineSelector;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.engine.MachineCapabilities;
import org.aiworklist.inference.manifest.EngineKind;
import org.aiworklist.inference.manifest.ModelManifest;

/**
 * CPU benchmark of the demo model: DJL's per-call cost against the raw ONNX Runtime Java API (same model, same
 * threads, same input, calls alternated), slices per second, and end to end on a 300-slice study.
 *
 * <p>Usage: {@code InferenceBench [manifest]} (default conf/models/demo-lung-nodule.yaml).
 */
public final class InferenceBench {
    private InferenceBench() {}

    public static void main(String[] args) throws Exception {
        DjlDefaults.apply();
        ModelManifest manifest = ModelManifest.load(
                        Path.of(args.length > 0 ? args[0] : "conf/models/demo-lung-nodule.yaml"))
                .withEngines(List.of(EngineKind.ORT_CPU));
        MachineCapabilities machine = MachineCapabilities.probe();
        Path cache = Files.createTempDirectory("trt-cache");
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores; model %s (%s)%n",
                machine.cpuCores(),
                manifest.label(),
                manifest.sha256().substring(0, 12));
        int batch = manifest.preprocessing().batchSize();
        int context = manifest.preprocessing().contextSlices();
        List<long[]> shapes = List.of(
                new long[] {1, context, 16, 16}, new long[] {1, context, 180, 180}, new long[] {batch, context, 180, 180
                });
        try (LoadedModel djl = new EngineSelector(machine, cache).load(manifest, 1);
                OrtEnvironment env = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setInterOpNumThreads(1);
            options.setIntraOpNumThreads(machine.cpuCores());
            try (OrtSession raw = env.createSession(manifest.modelFile().toString(), options)) {
                System.out.println(
                        "| input (N x C x H x W) | DJL ms/call | raw ORT ms/call | DJL / raw | slices/s (DJL) |");
                System.out.println("|---|---|---|---|---|");
                for (long[] shape : shapes) {
                    float[] x = BenchSupport.input(shape);
                    int runs = shape[2] == 16 ? 2000 : 40;
                    double[] ms = BenchSupport.pairedMedianMs(
                            runs / 4, runs, i -> djl.run(x, shape), i -> runRaw(env, raw, x, shape));
                    double djlMs = ms[0];
                    double rawMs = ms[1];
                    System.out.printf(
                            Locale.ROOT,
                            "| %d x %d x %d x %d | %.3f | %.3f | %.2f | %.0f |%n",
                            shape[0],
                            shape[1],
                            shape[2],
                            shape[3],
                            djlMs,
                            rawMs,
                            djlMs / rawMs,
                            shape[0] * 1000 / djlMs);
                }
            }
        }
        PhantomStudy study = BenchSupport.study300();
        try (InferenceEngine engine = new InferenceEngine(new EngineSelector(machine, cache), 1)) {
            engine.load(manifest);
            for (int run = 1; run <= 2; run++) {
                long t0 = System.nanoTime();
                InferenceResult result = engine.infer(manifest, study.asSeries("2.25.1", "2.25.2", "2.25.3"));
                System.out.printf(
                        Locale.ROOT,
                        "end to end, %d x %dx%d slices (%.2f mm, %.2f mm apart), run %d: %.2f s, %d findings%n",
                        study.slices(),
                        study.rows(),
                        study.columns(),
                        study.pixelSpacingMm(),
                        study.sliceThicknessMm(),
                        run,
                        (System.nanoTime() - t0) / 1e9,
                        result.findings().size());
            }
        }
    }

    /** The raw API path, copying the output out as DJL's toFloatArray does. */
    private static float[] runRaw(OrtEnvironment env, OrtSession session, float[] x, long[] shape) {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                OrtSession.Result result = session.run(Map.of("input", input))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}

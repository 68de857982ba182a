package org.aiworklist.inference.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.phantom.PhantomStudy;
import org.aiworklist.inference.detect.HeatmapDetector;
import org.aiworklist.inference.engine.DjlDefaults;
import org.aiworklist.inference.engine.EngineSelector;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.engine.MachineCapabilities;
import org.aiworklist.inference.manifest.EngineKind;
import org.aiworklist.inference.manifest.ModelManifest;

/**
 * The GPU check run by bench/gpu-check.sh: loads the demo model on each engine in turn (ONNX Runtime CPU, CUDA
 * EP, TensorRT EP with fp16 and engine cache, DJL's TensorRT engine), compares each engine's output on one
 * fixed batch with the CPU's (max abs difference), times that batch, and times a 300-slice study end to end.
 * The TensorRT EP is loaded twice: the first load builds the engine, the second finds it in the cache.
 *
 * <p>Usage: {@code GpuCheck [manifest]}.
 */
public final class GpuCheck {
    private GpuCheck() {}

    private record Row(
            EngineKind kind,
            String load,
            String batchMs,
            String slicesPerS,
            String maxDiff,
            String endToEnd,
            String note) {}

    public static void main(String[] args) throws Exception {
        DjlDefaults.apply();
        ModelManifest manifest =
                ModelManifest.load(Path.of(args.length > 0 ? args[0] : "conf/models/demo-lung-nodule.yaml"));
        MachineCapabilities machine = MachineCapabilities.probe();
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, %d GPU(s), ONNX Runtime providers %s, DJL TensorRT: %s%n",
                machine.cpuCores(),
                machine.gpuCount(),
                machine.ortProviders(),
                machine.djlTensorRtProblem() == null ? "loads" : machine.djlTensorRtProblem());
        Path cache = Files.createTempDirectory("aiworklist-trt-cache");
        EngineSelector selector = new EngineSelector(machine, cache);
        int batch = manifest.preprocessing().batchSize();
        long[] shape = {batch, manifest.preprocessing().contextSlices(), 256, 256};
        float[] x = BenchSupport.input(shape);
        PhantomStudy study = BenchSupport.study300();
        float[] reference = null;
        List<Row> rows = new ArrayList<>();
        for (EngineKind kind :
                List.of(EngineKind.ORT_CPU, EngineKind.ORT_CUDA, EngineKind.ORT_TENSORRT, EngineKind.DJL_TENSORRT)) {
            ModelManifest only = manifest.withEngines(List.of(kind));
            long t0 = System.nanoTime();
            LoadedModel model;
            try {
                model = selector.load(only, 1);
            } catch (IllegalStateException e) {
                rows.add(new Row(
                        kind,
                        "-",
                        "-",
                        "-",
                        "-",
                        "-",
                        "unavailable: " + e.getMessage().replaceFirst(".*?: ", "")));
                continue;
            }
            String load = String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
            if (kind == EngineKind.ORT_TENSORRT) {
                model.close();
                long t1 = System.nanoTime();
                model = selector.load(only, 1);
                load += String.format(Locale.ROOT, " (from engine cache: %.1f s)", (System.nanoTime() - t1) / 1e9);
            }
            try (LoadedModel m = model) {
                float[] out = m.run(x, shape).values();
                String diff = "reference";
                if (reference == null) {
                    reference = out;
                } else {
                    double max = 0;
                    for (int i = 0; i < out.length; i++) {
                        max = Math.max(max, Math.abs(out[i] - reference[i]));
                    }
                    diff = String.format(Locale.ROOT, "%.2e", max);
                }
                double ms = BenchSupport.medianMs(3, 15, i -> m.run(x, shape));
                HeatmapDetector.detect(m, study.asSeries("2.25.1", "2.25.2", "2.25.3"));
                long t2 = System.nanoTime();
                InferenceResult result = HeatmapDetector.detect(m, study.asSeries("2.25.1", "2.25.2", "2.25.3"));
                double e2e = (System.nanoTime() - t2) / 1e9;
                rows.add(new Row(
                        kind,
                        load,
                        String.format(Locale.ROOT, "%.2f", ms),
                        String.format(Locale.ROOT, "%.0f", batch * 1000 / ms),
                        diff,
                        String.format(Locale.ROOT, "%.2f s", e2e),
                        result.findings().size() + " findings"));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%nbatch %s; study %d slices of %dx%d%n",
                Arrays.toString(shape),
                study.slices(),
                study.rows(),
                study.columns());
        System.out.println(
                "| engine | load + warm-up | batch ms | slices/s | max abs diff vs CPU | 300-slice end to end | note |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(
                    "| %s | %s | %s | %s | %s | %s | %s |%n",
                    r.kind(), r.load(), r.batchMs(), r.slicesPerS(), r.maxDiff(), r.endToEnd(), r.note());
        }
    }
}

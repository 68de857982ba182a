package org.aiworklist.inference.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.phantom.ChestPhantom;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PhantomStudy;
import org.aiworklist.inference.InferenceEngine;
import org.aiworklist.inference.engine.DjlDefaults;
import org.aiworklist.inference.engine.EngineSelector;
import org.aiworklist.inference.engine.MachineCapabilities;
import org.aiworklist.inference.manifest.EngineKind;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.training.DemoBoxModel;

/**
 * CPU time of each output type on the same chest phantoms: the demo heat-map detector, the demo triage classifier
 * and the demo box detector (made on the fly, {@link DemoBoxModel}), each through {@code InferenceEngine.infer}
 * (assembly, resampling, model, post-processing) with the model already loaded. Per model and study: the median,
 * lowest and highest wall time and process CPU time (all threads, ONNX Runtime's included) of {@code runs} runs after
 * one warm-up run.
 *
 * <p>Usage: {@code OutputTypesBench [runs]} from the repository root (default 5).
 */
public final class OutputTypesBench {
    private OutputTypesBench() {}

    public static void main(String[] args) throws Exception {
        DjlDefaults.apply();
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path models = Path.of("conf/models");
        Path work = Files.createTempDirectory("output-types-bench");
        List<ModelManifest> manifests = List.of(
                ModelManifest.load(models.resolve("demo-lung-nodule.yaml")),
                ModelManifest.load(models.resolve("demo-chest-triage.yaml")),
                ModelManifest.load(DemoBoxModel.write(models, work)));
        List<PhantomStudy> studies = List.of(
                ChestPhantom.generate(PhantomSpec.defaults().withSlices(60).withSeed(9300)), BenchSupport.study300());
        MachineCapabilities machine = MachineCapabilities.probe();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(
                Locale.ROOT, "machine: %d cores, load average %.1f%n", machine.cpuCores(), os.getSystemLoadAverage());
        System.out.println(
                "| model (output type) | study | wall s: median (min-max) | process CPU s: median | result |");
        System.out.println("|---|---|---|---|---|");
        try (InferenceEngine engine =
                new InferenceEngine(new EngineSelector(machine, work.resolve("engine-cache")), 1)) {
            for (ModelManifest m : manifests) {
                ModelManifest cpu = m.withEngines(List.of(EngineKind.ORT_CPU));
                engine.load(cpu);
                for (PhantomStudy study : studies) {
                    double[] wall = new double[runs];
                    double[] cpuSeconds = new double[runs];
                    InferenceResult result = null;
                    for (int run = -1; run < runs; run++) {
                        long c0 = os.getProcessCpuTime();
                        long t0 = System.nanoTime();
                        result = engine.infer(cpu, study.asSeries("2.25.1", "2.25.2", "2.25.3"));
                        if (run >= 0) {
                            wall[run] = (System.nanoTime() - t0) / 1e9;
                            cpuSeconds[run] = (os.getProcessCpuTime() - c0) / 1e9;
                        }
                    }
                    Arrays.sort(wall);
                    Arrays.sort(cpuSeconds);
                    System.out.printf(
                            Locale.ROOT,
                            "| %s (%s) | %d x %d² at %.2f mm, %.2f mm apart | %.2f (%.2f-%.2f) | %.2f | %s |%n",
                            m.id(),
                            m.output().type(),
                            study.slices(),
                            study.rows(),
                            study.pixelSpacingMm(),
                            study.sliceThicknessMm(),
                            wall[runs / 2],
                            wall[0],
                            wall[runs - 1],
                            cpuSeconds[runs / 2],
                            describe(result));
                }
            }
        }
    }

    private static String describe(InferenceResult result) {
        return result.classification()
                .map(c -> c.verdicts().stream()
                        .map(v -> String.format(Locale.ROOT, "%s p=%.3f", v.name(), v.probability()))
                        .toList()
                        .toString())
                .orElse(result.findings().size() + " findings");
    }
}

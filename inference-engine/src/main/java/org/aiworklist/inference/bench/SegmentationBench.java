package org.aiworklist.inference.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.Segment;
import org.aiworklist.common.phantom.HeadMrPhantom;
import org.aiworklist.common.phantom.HeadMrSpec;
import org.aiworklist.common.phantom.HeadMrStudy;
import org.aiworklist.inference.InferenceEngine;
import org.aiworklist.inference.engine.DjlDefaults;
import org.aiworklist.inference.engine.EngineSelector;
import org.aiworklist.inference.engine.MachineCapabilities;
import org.aiworklist.inference.manifest.EngineKind;
import org.aiworklist.inference.manifest.ModelManifest;

/**
 * CPU benchmark of a segmentation model with its sliding window on the synthetic 1 mm T1 head
 * ({@link HeadMrSpec#defaults()}): wall and process CPU time of {@code InferenceEngine.infer} per run (model
 * loaded and warmed up first), windows per second, and Dice against the phantom's brain mask.
 *
 * <p>Usage: {@code SegmentationBench [manifest [runs]]} (default conf/models/invesalius-brain.yaml, 2 runs).
 */
public final class SegmentationBench {
    private SegmentationBench() {}

    public static void main(String[] args) throws Exception {
        DjlDefaults.apply();
        ModelManifest manifest = ModelManifest.load(
                        Path.of(args.length > 0 ? args[0] : "conf/models/invesalius-brain.yaml"))
                .withEngines(List.of(EngineKind.ORT_CPU));
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        MachineCapabilities machine = MachineCapabilities.probe();
        HeadMrStudy head = HeadMrPhantom.generate(HeadMrSpec.defaults().withSeed(4));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(
                Locale.ROOT,
                "machine: %d cores, load average %.1f; model %s (%s); head %d x %d x %d at %.1f mm%n",
                machine.cpuCores(),
                os.getSystemLoadAverage(),
                manifest.label(),
                manifest.sha256().substring(0, 12),
                head.slices(),
                head.rows(),
                head.columns(),
                head.pixelSpacingMm());
        try (InferenceEngine engine =
                new InferenceEngine(new EngineSelector(machine, Files.createTempDirectory("trt-cache")), 1)) {
            engine.load(manifest);
            for (int run = 1; run <= runs; run++) {
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                InferenceResult result = engine.infer(manifest, head.asSeries("2.25.1", "2.25.2", "2.25.3"));
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                Segment segment = result.segmentation().orElseThrow().segments().get(0);
                System.out.printf(
                        Locale.ROOT,
                        "run %d: wall %.1f s, process CPU %.1f s, load average %.1f; %s %.0f ml, Dice %.4f%n",
                        run,
                        wall,
                        cpu,
                        os.getSystemLoadAverage(),
                        segment.label(),
                        segment.volumeMm3() / 1000,
                        head.dice(result.segmentation().orElseThrow().frames(), 1, HeadMrStudy::sliceOf));
            }
        }
    }
}

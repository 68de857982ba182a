package org.aiworklist.inference.engine;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import java.util.List;
import java.util.Locale;
import org.aiworklist.inference.manifest.EngineKind;
import org.aiworklist.inference.manifest.ManifestException;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.manifest.ModelRegistry;

/** Text for {@code ./aiworklist engines}: what this machine can run and which engine each installed model would use. */
public final class EngineReport {
    private EngineReport() {}

    /** Probes this machine. */
    public static String describe(ModelRegistry registry) {
        MachineCapabilities machine = MachineCapabilities.probe();
        return describe(
                registry,
                machine,
                "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion() + ", DJL " + Engine.getDjlVersion());
    }

    /** The report for given capabilities; judged from the plan, nothing is loaded. */
    public static String describe(ModelRegistry registry, MachineCapabilities machine, String versions) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "Machine: %d CPU cores, %d CUDA GPU(s); %s%n",
                machine.cpuCores(),
                machine.gpuCount(),
                versions));
        text.append("ONNX Runtime providers: ")
                .append(String.join(", ", machine.ortProviders()))
                .append('\n');
        EngineSelector selector = new EngineSelector(machine, null);
        text.append("Engines:\n");
        for (EngineKind kind : EngineKind.values()) {
            EngineCandidate c = selector.judge(kind);
            String verdict = c.eligible() ? "yes" : "no: " + c.reason();
            text.append(String.format(Locale.ROOT, "  %-22s %s%n", kind.manifestName(), verdict));
        }
        text.append("Models:\n");
        if (registry.all().isEmpty()) {
            text.append("  (none installed)\n");
        }
        for (ModelManifest model : registry.all()) {
            List<EngineCandidate> plan = selector.plan(model);
            String chosen = plan.stream()
                    .filter(EngineCandidate::eligible)
                    .findFirst()
                    .map(c -> "would use " + c.kind())
                    .orElse("cannot run here");
            String skipped = String.join(
                    "; ",
                    plan.stream()
                            .takeWhile(c -> !c.eligible())
                            .map(c -> c.kind() + ": " + c.reason())
                            .toList());
            text.append(String.format(
                    Locale.ROOT,
                    "  %s (%s): %s%s%n",
                    model.label(),
                    model.name(),
                    chosen,
                    skipped.isEmpty() ? "" : " after " + skipped));
        }
        for (ManifestException rejected : registry.rejected()) {
            text.append("  REJECTED ").append(rejected.getMessage()).append('\n');
        }
        return text.toString();
    }
}

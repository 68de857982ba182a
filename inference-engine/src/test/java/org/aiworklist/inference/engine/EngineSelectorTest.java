package org.aiworklist.inference.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.aiworklist.inference.TestModels;
import org.aiworklist.inference.manifest.EngineKind;
import org.aiworklist.inference.manifest.ModelManifest;
import org.aiworklist.inference.manifest.ModelRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class EngineSelectorTest {
    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger selectorLog = (Logger) LoggerFactory.getLogger(EngineSelector.class);

    @BeforeEach
    void capture() {
        log.start();
        selectorLog.addAppender(log);
    }

    @AfterEach
    void release() {
        selectorLog.detachAppender(log);
    }

    private ModelManifest demoWithEngines(String engines) throws Exception {
        return TestModels.load(
                dir, TestModels.demoYamlIn(dir).replaceFirst("engines: \\[[^]]*]", "engines: [" + engines + "]"));
    }

    @Test
    void tensorRtRequestedWithoutItFallsBackToOnnxRuntimeAndSaysWhy() throws Exception {
        ModelManifest manifest = demoWithEngines("TensorRT, OnnxRuntime");
        MachineCapabilities machine = MachineCapabilities.probe();
        try (LoadedModel model = new EngineSelector(machine, dir).load(manifest, 1)) {
            assertEquals(EngineKind.ORT_CPU, model.engine().kind());
            assertTrue(
                    model.engine().skipped().get(0).startsWith("TensorRT: "),
                    model.engine().reason());
        }
        String line = log.list.stream()
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("runs on"))
                .findFirst()
                .orElseThrow();
        assertTrue(line.contains("runs on OnnxRuntime after TensorRT: "), line);
    }

    @Test
    void failuresWhileLoadingFallBackToTheNextEngine() throws Exception {
        // Pretend the machine has everything: the CPU-only ONNX Runtime and DJL's TensorRT engine then fail for real.
        MachineCapabilities claimsAll = new MachineCapabilities(2, 1, Set.of("CPU", "CUDA", "TENSOR_RT"), null);
        ModelManifest manifest = demoWithEngines("OnnxRuntime-TensorRT, TensorRT, OnnxRuntime");
        try (LoadedModel model = new EngineSelector(claimsAll, dir).load(manifest, 2)) {
            assertEquals(EngineKind.ORT_CPU, model.engine().kind());
            List<String> skipped = model.engine().skipped();
            assertEquals(2, skipped.size(), skipped.toString());
            assertTrue(skipped.get(0).startsWith("OnnxRuntime-TensorRT failed: "), skipped.get(0));
            assertTrue(skipped.get(1).startsWith("TensorRT failed: "), skipped.get(1));
            LoadedModel.Output out = model.run(new float[2 * 3 * 16 * 16], new long[] {2, 3, 16, 16});
            assertEquals(
                    List.of(2L, 1L, 8L, 8L), List.of(out.shape()[0], out.shape()[1], out.shape()[2], out.shape()[3]));
        }
    }

    @Test
    void reportListsEnginesAndWhatEachModelWouldUse() throws Exception {
        MachineCapabilities noGpu =
                new MachineCapabilities(2, 0, Set.of("CPU"), "UnsatisfiedLinkError: libnvinfer.so.8");
        String text = EngineReport.describe(ModelRegistry.load(TestModels.MODELS), noGpu, "test");
        assertTrue(text.matches("(?s).*\\n  OnnxRuntime-GPU +no: no CUDA GPU visible\\n.*"), text);
        assertTrue(text.matches("(?s).*\\n  OnnxRuntime +yes\\n.*"), text);
        assertTrue(
                text.contains(
                        "demo-lung-nodule 1.0.0 (Synthetic lung nodule detector (demo)): would use OnnxRuntime after "
                                + "OnnxRuntime-TensorRT: no CUDA GPU visible; OnnxRuntime-GPU: no CUDA GPU visible"),
                text);
    }
}

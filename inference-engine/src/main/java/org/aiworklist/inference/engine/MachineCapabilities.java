package org.aiworklist.inference.engine;

import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.Set;
import java.util.TreeSet;

/**
 * What this machine can run: CPU cores, CUDA GPUs, the execution providers compiled into the ONNX Runtime jar on
 * the class path, and whether DJL's TensorRT engine loads.
 *
 * @param ortProviders       ONNX Runtime providers by name (CPU, CUDA, TENSOR_RT, ...)
 * @param djlTensorRtProblem why DJL's TensorRT engine cannot be used, or null when it loaded
 */
public record MachineCapabilities(int cpuCores, int gpuCount, Set<String> ortProviders, String djlTensorRtProblem) {

    public MachineCapabilities {
        ortProviders = Set.copyOf(ortProviders);
    }

    /** Looks at the real machine. DJL's default engine is pinned to ONNX Runtime first (see {@link DjlDefaults}). */
    public static MachineCapabilities probe() {
        DjlDefaults.apply();
        Set<String> providers = new TreeSet<>();
        for (OrtProvider provider : OrtEnvironment.getAvailableProviders()) {
            providers.add(provider.name());
        }
        return new MachineCapabilities(
                Runtime.getRuntime().availableProcessors(), countGpus(), providers, probeDjlTensorRt());
    }

    private static int countGpus() {
        try {
            return CudaUtils.getGpuCount();
        } catch (Exception | LinkageError e) {
            return 0;
        }
    }

    /** DJL's TensorRT engine fails with Errors (ExceptionInInitializerError, NoClassDefFoundError), not Exceptions. */
    private static String probeDjlTensorRt() {
        try {
            Engine engine = Engine.getEngine("TensorRT");
            return engine == null ? "not on the class path" : null;
        } catch (Exception | LinkageError e) {
            return describe(e);
        }
    }

    /** One line for a failure: its class and first message line, from the cause when it has none itself. */
    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? "(no message)" : t.getMessage();
        int nl = message.indexOf('\n');
        String text = t.getClass().getSimpleName() + ": " + (nl < 0 ? message : message.substring(0, nl));
        return t == e ? text : e.getClass().getSimpleName() + " <- " + text;
    }

    public boolean hasOrtProvider(String name) {
        return ortProviders.contains(name);
    }
}

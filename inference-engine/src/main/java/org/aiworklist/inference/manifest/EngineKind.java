package org.aiworklist.inference.manifest;

import java.util.Arrays;
import java.util.Optional;

/** The ways this node can run an ONNX model, as named in manifests' {@code engines} preference list. */
public enum EngineKind {
    /** ONNX Runtime with the TensorRT execution provider (onnxruntime_gpu jar, TensorRT 10 libraries). */
    ORT_TENSORRT("OnnxRuntime-TensorRT", true),
    /** ONNX Runtime with the CUDA execution provider (onnxruntime_gpu jar). */
    ORT_CUDA("OnnxRuntime-GPU", true),
    /** DJL's own TensorRT engine: TensorRT 8.x only, static input shapes only. */
    DJL_TENSORRT("TensorRT", true),
    /** ONNX Runtime on the CPU: always available, the last resort. */
    ORT_CPU("OnnxRuntime", false);

    private final String manifestName;
    private final boolean gpu;

    EngineKind(String manifestName, boolean gpu) {
        this.manifestName = manifestName;
        this.gpu = gpu;
    }

    public String manifestName() {
        return manifestName;
    }

    public boolean needsGpu() {
        return gpu;
    }

    public static Optional<EngineKind> fromManifestName(String name) {
        return Arrays.stream(values()).filter(k -> k.manifestName.equals(name)).findFirst();
    }

    public static String knownNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(EngineKind::manifestName).toList());
    }

    @Override
    public String toString() {
        return manifestName;
    }
}

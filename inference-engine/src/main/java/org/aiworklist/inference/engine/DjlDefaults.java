package org.aiworklist.inference.engine;

/**
 * With DJL's tensorrt jar on the class path DJL makes TensorRT its default engine, and then even ONNX Runtime
 * models fail to load on machines without TensorRT. Pin the default before the first DJL call; an explicit
 * setting (system property or DJL_DEFAULT_ENGINE) wins.
 */
public final class DjlDefaults {
    private DjlDefaults() {}

    public static void apply() {
        if (System.getProperty("ai.djl.default_engine") == null && System.getenv("DJL_DEFAULT_ENGINE") == null) {
            System.setProperty("ai.djl.default_engine", "OnnxRuntime");
        }
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}

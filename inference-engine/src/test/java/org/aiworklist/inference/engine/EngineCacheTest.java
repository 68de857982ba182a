package org.aiworklist.inference.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineCacheTest {
    @TempDir
    Path dir;

    @Test
    void cacheFilesChangedOrAddedSinceTheBuildAreDeleted() throws Exception {
        EngineCache cache = new EngineCache(dir);
        Path kept = Files.writeString(dir.resolve("TensorrtExecutionProvider_TRTKernel_graph_1_sm90.engine"), "built");
        Path tampered =
                Files.writeString(dir.resolve("TensorrtExecutionProvider_TRTKernel_graph_1_sm90.profile"), "built");
        cache.seal();
        Files.writeString(tampered, "replaced");
        Path planted =
                Files.writeString(dir.resolve("TensorrtExecutionProvider_TRTKernel_graph_2_sm90.engine"), "planted");
        Path notCache = Files.writeString(dir.resolve("model.onnx"), "not the provider's");

        cache.verify();

        assertTrue(Files.exists(kept), "unchanged engine stays");
        assertFalse(Files.exists(tampered), "changed file is deleted");
        assertFalse(Files.exists(planted), "unrecorded engine is deleted");
        assertTrue(Files.exists(notCache), "files the provider does not write are left alone");
    }

    @Test
    void linkPlantedAsAnEngineIsDeleted() throws Exception {
        EngineCache cache = new EngineCache(dir);
        Path target = Files.writeString(dir.resolve("elsewhere.bin"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("TensorrtExecutionProvider_cache_sm90.timing"), target);
        cache.seal();
        cache.verify();
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(target));
    }
}

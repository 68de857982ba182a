package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.phantom.HeadMrSpec;
import org.aiworklist.dicom.DicomSliceReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `synth --kind head-mr`: a T1 head series dciodvfy accepts, with truth.json and brain-mask.npy. */
class SyntheticHeadMrIT {
    @TempDir
    Path dir;

    @Test
    void writesAValidMrSeriesWithItsBrainMask() throws Exception {
        Path out = dir.resolve("head");
        SynthCommand.run(Map.of("kind", "head-mr", "out", out.toString(), "seed", "2"));
        List<Path> files;
        try (Stream<Path> list = Files.list(out)) {
            files = list.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
        HeadMrSpec spec = HeadMrSpec.defaults();
        assertEquals(spec.slices(), files.size());
        for (Path f : List.of(files.get(0), files.get(files.size() / 2), files.get(files.size() - 1))) {
            assertEquals(List.of(), Dciodvfy.errors(f), f.getFileName().toString());
        }
        ImageSlice middle = DicomSliceReader.read(files.get(files.size() / 2));
        assertEquals("MR", middle.modality());
        assertEquals(spec.rows(), middle.rows());
        assertEquals(1.0, middle.pixelSpacing()[0], 1e-9);

        byte[] npy = Files.readAllBytes(out.resolve(SyntheticHeadMr.MASK_FILE));
        int header = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        assertEquals(10 + header + spec.slices() * spec.rows() * spec.columns(), npy.length);
        String truth = Files.readString(out.resolve(SyntheticStudy.TRUTH_FILE));
        assertTrue(truth.contains("\"kind\": \"head-mr\"") && truth.contains("\"seed\": 2"), truth);
        // The middle slice cuts through the brain: its mask is not empty.
        int plane = spec.rows() * spec.columns();
        int brain = 0;
        for (int i = 0; i < plane; i++) {
            brain += npy[10 + header + spec.slices() / 2 * plane + i];
        }
        assertTrue(brain > 5000, brain + " brain pixels on the middle slice");
    }

    @Test
    void chestOptionsAreRefusedForTheHead() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SynthCommand.run(Map.of("kind", "head-mr", "out", dir.toString(), "nodules", "3")));
        assertEquals("--nodules is not an option of synth --kind head-mr", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> SynthCommand.run(Map.of("kind", "knee-ct", "out", dir.toString())));
        assertTrue(e.getMessage().contains("chest-ct or head-mr"), e.getMessage());
    }
}

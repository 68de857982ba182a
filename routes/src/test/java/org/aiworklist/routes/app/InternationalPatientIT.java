package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.dicom.CtSeriesWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Chinese patient name in GB18030 goes through the whole node: the SR and the Secondary Capture carry the
 * same Specific Character Set and the same name bytes as the images the scanner sent.
 */
class InternationalPatientIT {
    private static final String NAME = "王^小明=WANG^XIAOMING";

    @Test
    void gb18030NameComesBackUnchanged(@TempDir Path dir) throws Exception {
        NodeHarness harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        SyntheticStudy study = SyntheticStudy.write(
                PhantomSpec.defaults().withSlices(60).withSeed(868_686),
                dir.resolve("study"),
                "2.25",
                NAME,
                CtSeriesWriter.CharacterSet.GB18030);
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            JsonNode job = harness.sendAndAwaitInference(study, node.dicomPort());
            assertTrue(
                    List.of("SENDING", "DONE", "DEAD_LETTER")
                            .contains(job.path("state").asText()),
                    job.toString());

            byte[][] source = characterSetAndName(study.files().get(0));
            assertArrayEquals("GB18030".getBytes(StandardCharsets.US_ASCII), trim(source[0]));
            List<Path> results;
            try (Stream<Path> files = Files.walk(
                    dir.resolve("results").resolve("job-" + job.path("id").asText()))) {
                results = files.filter(f -> f.toString().endsWith(".dcm")).toList();
            }
            assertTrue(results.size() >= 2, "SR and SC written: " + results);
            for (Path result : results) {
                byte[][] written = characterSetAndName(result);
                assertArrayEquals(
                        trim(source[0]), trim(written[0]), "Specific Character Set of " + result.getFileName());
                assertArrayEquals(trim(source[1]), trim(written[1]), "Patient's Name bytes of " + result.getFileName());
            }
        }
    }

    /** The raw value bytes of (0008,0005) and (0010,0010), read straight from the file, no toolkit decoding. */
    private static byte[][] characterSetAndName(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return new byte[][] {value(bytes, 0x0008, 0x0005), value(bytes, 0x0010, 0x0010)};
    }

    /** Explicit VR Little Endian short-form element: tag, 2-byte VR, 2-byte length, value. */
    private static byte[] value(byte[] b, int group, int element) {
        for (int i = 132; i + 8 < b.length; i++) {
            if ((b[i] & 0xff) == (group & 0xff)
                    && (b[i + 1] & 0xff) == group >> 8
                    && (b[i + 2] & 0xff) == (element & 0xff)
                    && (b[i + 3] & 0xff) == element >> 8
                    && Character.isUpperCase(b[i + 4])
                    && Character.isUpperCase(b[i + 5])) {
                int length = (b[i + 6] & 0xff) | (b[i + 7] & 0xff) << 8;
                return Arrays.copyOfRange(b, i + 8, i + 8 + length);
            }
        }
        throw new AssertionError(String.format("(%04X,%04X) not found", group, element));
    }

    private static byte[] trim(byte[] value) {
        int end = value.length;
        while (end > 0 && (value[end - 1] == ' ' || value[end - 1] == 0)) {
            end--;
        }
        return Arrays.copyOf(value, end);
    }
}

package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aiworklist.common.phantom.HeadMrSpec;
import org.aiworklist.inference.fetch.InvesaliusBrain;
import org.aiworklist.inference.manifest.ModelRegistry;
import org.aiworklist.reports.ViewerClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first real medical weights end to end: InVesalius' brain extraction network is fetched from Debian, converted
 * and verified into the test's models folder; a node runs conf/examples/brain-mr.yaml (its ports, folders and PACS
 * moved into the test); dcmtk storescu sends the synthetic T1 head `synth --kind head-mr` writes, sampled at 1.5 mm
 * rather than 1 mm (the coarsest the example's rule accepts: a quarter of the sliding windows, so a quarter of the
 * inference time), and dcmtk storescp, the PACS, receives a SEG that dciodvfy accepts, whose brain overlaps
 * brain-mask.npy with Dice >= 0.9, and which the Cornerstone3D segmentation adapter (viewer-clients/seg-read.mjs)
 * reads voxel for voxel. This is the suite's one run of the brain model.
 */
class BrainSegmentationEndToEndIT {
    private static final String PACS_AE = "BRAINPACS";
    private static final String SEGMENTATION_STORAGE = "1.2.840.10008.5.1.4.1.1.66.4";
    private static final AttributeTag SEGMENTATION_TYPE = new AttributeTag(0x0062, 0x0001);
    private static final Duration INFERENCE_TIMEOUT = Duration.ofMinutes(15);
    private static final HeadMrSpec HEAD =
            HeadMrSpec.defaults().withSpacing(1.5).withSeed(4);

    @Test
    void aSyntheticHeadMrComesBackAsABrainSegTheViewerReads(@TempDir Path dir) throws Exception {
        Path models = dir.resolve("models");
        long t0 = System.nanoTime();
        InvesaliusBrain.Installed installed = InvesaliusBrain.fetch(models, dir.resolve("work"), System.out::println);
        long fetchNanos = System.nanoTime() - t0;
        assertTrue(installed.maxAbsoluteDifference() <= InvesaliusBrain.TOLERANCE);
        assertTrue(Files.size(installed.model()) > 1_000_000);
        assertEquals(List.of(), ModelRegistry.load(models).rejected());

        Path head = dir.resolve("head");
        SyntheticHeadMr.write(HEAD, head, "2.25");
        Path received = Files.createDirectories(dir.resolve("pacs"));
        int pacsPort = NodeHarness.freePort();
        NodeHarness harness = new NodeHarness(dir, PACS_AE, pacsPort);
        harness.configFile = Path.of("../conf/examples/brain-mr.yaml");
        harness.env.put("AIWORKLIST_MODELS_DIRECTORY", models.toString());

        Process pacs = NodeHarness.dcmtk(
                "storescp", "-aet", PACS_AE, "-od", received.toString(), "+xa", String.valueOf(pacsPort));
        long inferenceNanos;
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            long t1 = System.nanoTime();
            harness.send(head, node.dicomPort());
            String studyUid = DicomTags.read(sentFiles(head).get(0)).get("StudyInstanceUID");
            JsonNode job =
                    harness.awaitJob(studyUid, NodeHarness.inState("DONE", "FAILED", "DEAD_LETTER"), INFERENCE_TIMEOUT);
            inferenceNanos = System.nanoTime() - t1;
            assertEquals("DONE", job.path("state").asText(), job.toString());
            assertEquals("mr-head-brain", job.path("ruleName").asText());
            assertEquals(InvesaliusBrain.MODEL_ID, job.path("modelId").asText());
        } finally {
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }

        Path seg = onlySeg(received);
        assertEquals(List.of(), Dciodvfy.errors(seg), "dciodvfy errors in the SEG");
        AttributeList segAttributes = new AttributeList();
        segAttributes.read(seg.toFile());
        assertEquals("BINARY", Attribute.getSingleStringValueOrNull(segAttributes, SEGMENTATION_TYPE));
        List<AttributeList> segments = items(segAttributes, TagFromName.SegmentSequence);
        assertEquals(1, segments.size(), "one segment: the brain");
        assertEquals(
                "12738006",
                string(
                        items(segments.get(0), TagFromName.SegmentedPropertyTypeCodeSequence)
                                .get(0),
                        TagFromName.CodeValue));

        Map<String, Integer> sliceBySop = sliceIndexBySopInstance(head);
        Map<String, Integer> voxelsBySop = new TreeMap<>();
        BrainMask truth = BrainMask.read(head.resolve(SyntheticHeadMr.MASK_FILE));
        assertEquals(sliceBySop.size(), truth.slices());
        int rows = Attribute.getSingleIntegerValueOrDefault(segAttributes, TagFromName.Rows, 0);
        int columns = Attribute.getSingleIntegerValueOrDefault(segAttributes, TagFromName.Columns, 0);
        assertEquals(truth.rows(), rows);
        assertEquals(truth.columns(), columns);
        int plane = rows * columns;
        byte[] pixels = segAttributes.get(TagFromName.PixelData).getByteValues();
        List<AttributeList> frames = items(segAttributes, TagFromName.PerFrameFunctionalGroupsSequence);
        long both = 0;
        long predicted = 0;
        for (int f = 0; f < frames.size(); f++) {
            AttributeList source = items(
                            items(frames.get(f), TagFromName.DerivationImageSequence)
                                    .get(0),
                            TagFromName.SourceImageSequence)
                    .get(0);
            String sop = string(source, TagFromName.ReferencedSOPInstanceUID);
            Integer slice = sliceBySop.get(sop);
            assertNotNull(slice, "frame " + (f + 1) + " references a sent slice");
            int count = 0;
            for (int p = 0; p < plane; p++) {
                long bit = (long) f * plane + p; // binary frames are packed without padding between them
                int inside = (pixels[(int) (bit >>> 3)] >>> (bit & 7)) & 1;
                count += inside;
                both += inside & truth.at(slice, p);
            }
            voxelsBySop.merge(sop, count, Integer::sum);
            predicted += count;
        }
        double dice = 2.0 * both / (predicted + truth.voxels());
        double voxelMl = HEAD.pixelSpacingMm() * HEAD.pixelSpacingMm() * HEAD.sliceThicknessMm() / 1000;
        System.out.printf(
                Locale.ROOT,
                "BRAIN E2E invesalius %s: fetch+convert+verify %.1f s; send to job DONE (inference, SEG delivered)"
                        + " %.1f s; %d SEG frames; Dice %.4f; brain %.0f ml (truth %.0f ml)%n",
                installed.packageVersion(),
                fetchNanos / 1e9,
                inferenceNanos / 1e9,
                frames.size(),
                dice,
                predicted * voxelMl,
                truth.voxels() * voxelMl);
        assertTrue(dice >= 0.9, "Dice " + dice);
        assertEquals(1.0, (double) predicted / (double) truth.voxels(), 0.15, "brain volume within 15 % of the truth");

        JsonNode read = new ViewerClients(Path.of("..")).run("seg-read.mjs", seg, head);
        assertEquals(1, read.path("segments").size(), read.path("segments").toString());
        Map<String, Integer> adapterVoxels = new TreeMap<>();
        for (JsonNode v : read.path("voxels")) {
            assertEquals(1, v.path("segmentNumber").asInt());
            adapterVoxels.merge(
                    v.path("referencedSOPInstanceUID").asText(), v.path("count").asInt(), Integer::sum);
        }
        voxelsBySop.values().removeIf(n -> n == 0);
        assertEquals(voxelsBySop, adapterVoxels, "the adapter's brain voxels on each source slice");
    }

    private static List<Path> sentFiles(Path head) throws Exception {
        try (Stream<Path> list = Files.list(head)) {
            return list.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /** brain-mask.npy's slice axis is ascending Instance Number: each sent SOP Instance's place on it. */
    private static Map<String, Integer> sliceIndexBySopInstance(Path head) throws Exception {
        record Sent(String sop, int instanceNumber) {}
        List<Sent> sent = new ArrayList<>();
        for (Path file : sentFiles(head)) {
            AttributeList list = new AttributeList();
            list.read(file.toFile(), TagFromName.PixelData);
            sent.add(new Sent(
                    string(list, TagFromName.SOPInstanceUID),
                    Attribute.getSingleIntegerValueOrDefault(list, TagFromName.InstanceNumber, -1)));
        }
        sent.sort(Comparator.comparingInt(Sent::instanceNumber));
        Map<String, Integer> slices = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            slices.put(sent.get(i).sop(), i);
        }
        return slices;
    }

    private static Path onlySeg(Path received) throws Exception {
        List<Path> segs = new ArrayList<>();
        try (Stream<Path> list = Files.list(received)) {
            for (Path file : list.filter(Files::isRegularFile).toList()) {
                if (SEGMENTATION_STORAGE.equals(DicomTags.read(file).get("SOPClassUID"))) {
                    segs.add(file);
                }
            }
        }
        assertEquals(1, segs.size(), "one SEG at the PACS: " + segs);
        return segs.get(0);
    }

    private static List<AttributeList> items(AttributeList list, AttributeTag sequence) {
        List<AttributeList> out = new ArrayList<>();
        if (list.get(sequence) instanceof SequenceAttribute seq) {
            for (int i = 0; i < seq.getNumberOfItems(); i++) {
                out.add(seq.getItem(i).getAttributeList());
            }
        }
        return out;
    }

    private static String string(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrNull(list, tag);
    }

    /** brain-mask.npy as written by `synth --kind head-mr`: uint8, C order, axes slice, row, column. */
    private static final class BrainMask {
        private final int slices;
        private final int rows;
        private final int columns;
        private final byte[] values;
        private final int offset;

        private BrainMask(int slices, int rows, int columns, byte[] values, int offset) {
            this.slices = slices;
            this.rows = rows;
            this.columns = columns;
            this.values = values;
            this.offset = offset;
        }

        int slices() {
            return slices;
        }

        int rows() {
            return rows;
        }

        int columns() {
            return columns;
        }

        static BrainMask read(Path npy) throws Exception {
            byte[] bytes = Files.readAllBytes(npy);
            int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            String header = new String(bytes, 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
            assertTrue(header.contains("'descr': '|u1'") && header.contains("'fortran_order': False"), header);
            String[] shape =
                    header.replaceFirst("(?s).*'shape': \\(([^)]*)\\).*", "$1").split(",", -1);
            BrainMask mask = new BrainMask(
                    Integer.parseInt(shape[0].strip()),
                    Integer.parseInt(shape[1].strip()),
                    Integer.parseInt(shape[2].strip()),
                    bytes,
                    10 + headerLength);
            assertEquals(mask.offset + (long) mask.slices * mask.rows * mask.columns, bytes.length, "npy size");
            return mask;
        }

        int at(int slice, int pixel) {
            return values[offset + slice * rows * columns + pixel];
        }

        long voxels() {
            long n = 0;
            for (int i = offset; i < values.length; i++) {
                n += values[i];
            }
            return n;
        }
    }
}

package org.aiworklist.routes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.Segmentation;
import org.aiworklist.common.phantom.ChestPhantom;
import org.aiworklist.common.phantom.NoduleMasks;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PhantomStudy;
import org.aiworklist.dicom.CtSeriesWriter;
import org.aiworklist.dicom.DicomSliceReader;
import org.aiworklist.dicom.SeriesSlice;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.ExportRecord;
import org.aiworklist.routes.persistence.InstanceRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.TestJobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report stage with a segmentation model's result (the planted nodules of a chest phantom as masks): it writes
 * the SEG before the SR, the SR's groups reference the SEG's segments, and each destination is sent the SEG first.
 * A detector's result still makes no SEG. Reads the written objects back with dcmtk's dcmdump.
 */
class SegmentationReportStageTest {
    private static final String ROOT = "1.2.826.0.1.3680043.10.9999";
    private static final AlgorithmIdentity ALGORITHM = new AlgorithmIdentity(
            "nodule-seg", "Synthetic Nodule Segmenter", "0.1", "aiworklist", null, "test only", List.of());

    @TempDir
    Path dir;

    private final Database database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theSegIsWrittenBeforeTheSrThatReferencesItAndSentFirst() throws Exception {
        PhantomStudy phantom = ChestPhantom.generate(
                PhantomSpec.defaults().withSlices(24).withMatrix(128, 2.8).withNodules(2, 10, 14));
        List<ImageReference> slices = writeAndIndex(phantom);
        Segmentation masks = NoduleMasks.of(phantom, slices, false);
        NodeConfiguration config = config();
        long job = job(slices.get(0).studyInstanceUid(), "seg");

        new ReportStage(database, config, "test", Clock.systemUTC())
                .write(new JobResult(job, new InferenceResult(ALGORITHM, List.of(), Optional.of(masks), slices)));

        Path results = resultDirectory(job);
        Path seg = results.resolve(ResultLayout.SEG_FILE);
        String segDump = dcmdump(seg);
        assertTrue(segDump.contains("[1.2.840.10008.5.1.4.1.1.66.4]"), "Segmentation Storage");
        assertTrue(segDump.contains("[" + slices.get(0).studyInstanceUid() + "]"), "in the source study");
        String segUid = value(segDump, "(0008,0018)");
        String srDump = dcmdump(results.resolve(ResultLayout.SR_FILE));
        for (int n = 1; n <= masks.segments().size(); n++) {
            assertTrue(
                    srDump.contains("(0062,000b) US " + n + " "),
                    "the SR references segment " + n + " of the SEG:\n" + srDump);
        }
        assertTrue(srDump.contains("[" + segUid + "]"), "the SR references the SEG instance");

        for (NodeConfiguration.Destination d : config.destinations()) {
            List<Path> files = ResultLayout.filesFor(results, d);
            assertEquals(seg, files.get(0), "the SEG goes first to " + d.name());
            assertEquals(results.resolve(ResultLayout.SR_FILE), files.get(1));
        }
        List<ExportRecord> exports = database.fromTransaction(
                s -> s.createSelectionQuery("from ExportRecord where jobId = :j", ExportRecord.class)
                        .setParameter("j", job)
                        .getResultList());
        assertEquals(config.destinations().size(), exports.size(), "one export per destination");

        long detector = job(slices.get(0).studyInstanceUid(), "detector");
        new ReportStage(database, config, "test", Clock.systemUTC())
                .write(new JobResult(detector, new InferenceResult(ALGORITHM, List.of(), slices)));
        Path detectorResults = resultDirectory(detector);
        assertTrue(Files.exists(detectorResults.resolve(ResultLayout.SR_FILE)));
        assertFalse(Files.exists(detectorResults.resolve(ResultLayout.SEG_FILE)), "no segmentation, no SEG");
    }

    private Path resultDirectory(long job) {
        String directory = database.fromTransaction(s -> s.find(JobRecord.class, job).resultDirectory);
        return Path.of(directory);
    }

    private NodeConfiguration config() {
        return ConfigurationLoader.load(
                Path.of("../conf/aiworklist.yaml"),
                Map.of("AIWORKLIST_STORAGE_RESULTS", dir.resolve("results").toString()));
    }

    /** The phantom as a CT series on disk, each slice in the index as the Storage SCP would have put it. */
    private List<ImageReference> writeAndIndex(PhantomStudy phantom) throws IOException {
        List<SeriesSlice> slices = SeriesSlice.allOf(phantom);
        CtSeriesWriter.Series series = CtSeriesWriter.builder(
                        new CtSeriesWriter.Patient("Phantom^Seg", "SYN-SEG", LocalDate.of(1960, 1, 1), "O"),
                        new CtSeriesWriter.Study("SEG1", "CT CHEST", LocalDateTime.of(2024, 1, 31, 10, 15)))
                .uidRoot(ROOT)
                .build()
                .write(slices, dir.resolve("spool"));
        List<ImageReference> refs = new ArrayList<>();
        for (Path file : series.files()) {
            refs.add(DicomSliceReader.read(file).reference());
        }
        database.inTransaction(s -> {
            for (int i = 0; i < refs.size(); i++) {
                InstanceRecord r = new InstanceRecord();
                r.sopInstanceUid = refs.get(i).sopInstanceUid();
                r.sopClassUid = refs.get(i).sopClassUid();
                r.seriesInstanceUid = refs.get(i).seriesInstanceUid();
                r.studyInstanceUid = refs.get(i).studyInstanceUid();
                r.path = series.files().get(i).toString();
                r.contentSha256 = "sha-" + i;
                s.persist(r);
            }
        });
        return refs;
    }

    private long job(String studyUid, String inputHash) {
        return database.fromTransaction(s -> {
            JobRecord j = TestJobs.job(studyUid, inputHash, JobRecord.State.INFERRING);
            j.version = 1;
            s.persist(j);
            return j.id;
        });
    }

    private static String dcmdump(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dcmdump", "-q", "+L", "-Un", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dcmdump timed out");
        assertEquals(0, p.exitValue(), "dcmdump (dcmtk) failed or is missing: " + out);
        return out;
    }

    /** The value of the first element with this tag in a dcmdump listing. */
    private static String value(String dump, String tag) {
        return dump.lines()
                .filter(l -> l.startsWith(tag))
                .findFirst()
                .map(l -> l.substring(l.indexOf('[') + 1, l.indexOf(']')))
                .orElseThrow(() -> new AssertionError(tag + " missing"));
    }
}

package org.aiworklist.routes.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.aiworklist.dicom.RemoteApplicationEntity;
import org.aiworklist.routes.config.NodeConfiguration.Destination;
import org.aiworklist.routes.config.NodeConfiguration.ResultObject;
import org.aiworklist.routes.config.NodeConfiguration.SecondaryCaptureLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each destination is sent the result objects it takes, in an order where references point backwards. */
class ResultLayoutTest {
    @TempDir
    Path job;

    @Test
    void everyObjectInReferenceOrderForADestinationTakingAll() throws IOException {
        List<Path> written = writeJobResults(true);
        assertEquals(written, ResultLayout.filesFor(job, destination(EnumSet.allOf(ResultObject.class))));
    }

    @Test
    void onlyTheObjectsADestinationTakes() throws IOException {
        writeJobResults(true);
        assertEquals(
                List.of(job.resolve("sc-multiframe/sc-1.dcm")),
                ResultLayout.filesFor(job, destination(EnumSet.of(ResultObject.SC))));
        assertEquals(
                List.of(job.resolve("sr.dcm"), job.resolve("kos.dcm")),
                ResultLayout.filesFor(job, destination(EnumSet.of(ResultObject.SR, ResultObject.KOS))));
    }

    @Test
    void aJobWithoutFindingsHasNoPresentationStateOrKeyObjectsToSend() throws IOException {
        writeJobResults(false);
        assertEquals(
                List.of(job.resolve("sr.dcm"), job.resolve("sc-multiframe/sc-1.dcm")),
                ResultLayout.filesFor(job, destination(EnumSet.allOf(ResultObject.class))));
    }

    @Test
    void aSegmentationGoesFirstForTheSrThatReferencesItAndOnlyWhereItIsTaken() throws IOException {
        List<Path> written = writeJobResults(false);
        Path seg = job.resolve(ResultLayout.SEG_FILE);
        Files.write(seg, new byte[] {1});
        List<Path> all = new java.util.ArrayList<>(List.of(seg));
        all.addAll(written);
        assertEquals(all, ResultLayout.filesFor(job, destination(EnumSet.allOf(ResultObject.class))));
        assertEquals(
                List.of(seg, job.resolve("sr.dcm")),
                ResultLayout.filesFor(job, destination(EnumSet.of(ResultObject.SEG, ResultObject.SR))));
        assertEquals(
                List.of(job.resolve("sr.dcm")),
                ResultLayout.filesFor(job, destination(EnumSet.of(ResultObject.SR, ResultObject.GSPS))));
    }

    /** The files ReportStage leaves, in the order a destination taking everything is sent them. */
    private List<Path> writeJobResults(boolean withFindings) throws IOException {
        Files.createDirectories(job.resolve("sc-multiframe"));
        List<Path> files = List.of(job.resolve("sr.dcm"), job.resolve("sc-multiframe/sc-1.dcm"));
        if (withFindings) {
            Files.createDirectories(job.resolve(ResultLayout.GSPS_FOLDER));
            files = List.of(
                    files.get(0),
                    files.get(1),
                    job.resolve("gsps/gsps-1.dcm"),
                    job.resolve("gsps/gsps-2.dcm"),
                    job.resolve(ResultLayout.KOS_FILE));
        }
        for (Path f : files) {
            Files.write(f, new byte[] {1});
        }
        return files;
    }

    private static Destination destination(Set<ResultObject> objects) {
        return new Destination(
                "pacs",
                new RemoteApplicationEntity("PACS", "127.0.0.1", 104),
                SecondaryCaptureLayout.MULTI_FRAME,
                false,
                objects);
    }
}

package org.aiworklist.routes.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.aiworklist.routes.config.NodeConfiguration.SecondaryCaptureLayout;

/** Where a job's result objects lie in its result directory: written by ReportStage, sent by ExportStage. */
final class ResultLayout {
    static final String SR_FILE = "sr.dcm";
    static final String FINDINGS_FILE = "findings.json";

    private ResultLayout() {}

    /** The folder holding the Secondary Captures in one layout. */
    static Path scFolder(Path resultDirectory, SecondaryCaptureLayout layout) {
        return resultDirectory.resolve(
                layout == SecondaryCaptureLayout.SINGLE_FRAME ? "sc-singleframe" : "sc-multiframe");
    }

    /** What one destination is sent: the SR, then the Secondary Captures in the layout it takes. */
    static List<Path> filesFor(Path resultDirectory, SecondaryCaptureLayout layout) throws IOException {
        try (Stream<Path> sc = Files.list(scFolder(resultDirectory, layout))) {
            return Stream.concat(Stream.of(resultDirectory.resolve(SR_FILE)), sc.sorted())
                    .toList();
        }
    }
}

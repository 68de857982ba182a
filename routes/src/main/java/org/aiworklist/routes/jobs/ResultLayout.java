package org.aiworklist.routes.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aiworklist.routes.config.NodeConfiguration.Destination;
import org.aiworklist.routes.config.NodeConfiguration.ResultObject;
import org.aiworklist.routes.config.NodeConfiguration.SecondaryCaptureLayout;

/** Where a job's result objects lie in its result directory: written by ReportStage, sent by ExportStage. */
final class ResultLayout {
    static final String SEG_FILE = "seg.dcm";
    static final String SR_FILE = "sr.dcm";
    static final String GSPS_FOLDER = "gsps";
    static final String KOS_FILE = "kos.dcm";
    static final String FINDINGS_FILE = "findings.json";

    private ResultLayout() {}

    /** The folder holding the Secondary Captures in one layout. */
    static Path scFolder(Path resultDirectory, SecondaryCaptureLayout layout) {
        return resultDirectory.resolve(
                layout == SecondaryCaptureLayout.SINGLE_FRAME ? "sc-singleframe" : "sc-multiframe");
    }

    /**
     * What one destination is sent, of the objects it takes: the segmentation, the SR that references it, the
     * Secondary Captures in its layout, the presentation states, then the key object selection that references them.
     * Only a segmentation model's job has a segmentation, a job without findings has no presentation state or key
     * object selection, and a generative model's draft has only its SR and, where its manifest asks for one, its SC
     * page, so those are sent when they exist.
     */
    static List<Path> filesFor(Path resultDirectory, Destination destination) throws IOException {
        List<Path> files = new ArrayList<>();
        if (destination.takes(ResultObject.SEG) && Files.exists(resultDirectory.resolve(SEG_FILE))) {
            files.add(resultDirectory.resolve(SEG_FILE));
        }
        if (destination.takes(ResultObject.SR)) {
            files.add(resultDirectory.resolve(SR_FILE));
        }
        Path sc = scFolder(resultDirectory, destination.secondaryCapture());
        if (destination.takes(ResultObject.SC) && Files.isDirectory(sc)) { // a draft's page is optional
            files.addAll(sortedFiles(sc));
        }
        if (destination.takes(ResultObject.GSPS) && Files.isDirectory(resultDirectory.resolve(GSPS_FOLDER))) {
            files.addAll(sortedFiles(resultDirectory.resolve(GSPS_FOLDER)));
        }
        if (destination.takes(ResultObject.KOS) && Files.exists(resultDirectory.resolve(KOS_FILE))) {
            files.add(resultDirectory.resolve(KOS_FILE));
        }
        return files;
    }

    private static List<Path> sortedFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}

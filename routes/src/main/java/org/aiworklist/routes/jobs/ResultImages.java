package org.aiworklist.routes.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.aiworklist.reports.read.ReportedFinding;
import org.aiworklist.reports.read.ResultPictures;
import org.aiworklist.reports.read.StructuredReportReader;
import org.aiworklist.routes.config.NodeConfiguration.SecondaryCaptureLayout;

/**
 * What a person looks at in a job's results, read from its result directory: the findings as the SR reports them,
 * and the Secondary Capture frames (multi-frame when written, else the single-frame objects), as PNG.
 */
public final class ResultImages {
    private final Path directory;

    public ResultImages(Path resultDirectory) {
        this.directory = resultDirectory;
    }

    /** One frame of one Secondary Capture file (0-based). */
    public record Frame(Path file, int frame) {
        public byte[] png() throws IOException {
            return ResultPictures.png(file, frame);
        }
    }

    /** The findings of the job's SR; none when the SR is not there (no results yet, or removed by retention). */
    public List<ReportedFinding> findings() throws IOException {
        Path sr = directory.resolve(ResultLayout.SR_FILE);
        return Files.exists(sr) ? StructuredReportReader.findings(sr) : List.of();
    }

    /** Every Secondary Capture frame in viewing order: the summary, then the key slices head to feet. */
    public List<Frame> secondaryCaptureFrames() throws IOException {
        List<Frame> frames = new ArrayList<>();
        for (SecondaryCaptureLayout layout :
                List.of(SecondaryCaptureLayout.MULTI_FRAME, SecondaryCaptureLayout.SINGLE_FRAME)) {
            Path folder = ResultLayout.scFolder(directory, layout);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.sorted().toList()) {
                        int count = ResultPictures.frameCount(file);
                        for (int i = 0; i < count; i++) {
                            frames.add(new Frame(file, i));
                        }
                    }
                }
                return frames; // one layout shows them all
            }
        }
        return frames;
    }

    /** A source image as PNG, through the window the Secondary Captures use. */
    public static byte[] sourcePng(Path file) throws IOException {
        return ResultPictures.png(file, 0);
    }
}

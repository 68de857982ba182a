package org.aiworklist.routes.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import org.aiworklist.common.ImageSlice;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.dicom.DicomSliceReader;
import org.aiworklist.inference.volume.VolumeException;
import org.aiworklist.routes.app.InstalledModels;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Runs a job's model on the series its rule selected, decoding one slice at a time from the spool. */
public final class InferenceStage {
    private static final Logger log = LoggerFactory.getLogger(InferenceStage.class);
    private final Database database;
    private final NodeConfiguration config;
    private final InstalledModels models;
    private final Clock clock;

    public InferenceStage(Database database, NodeConfiguration config, InstalledModels models, Clock clock) {
        this.database = database;
        this.config = config;
        this.models = models;
        this.clock = clock;
    }

    public JobResult infer(long jobId) throws VolumeException {
        try (MDC.MDCCloseable job = JobMdc.of(jobId)) {
            return runModel(jobId);
        }
    }

    private JobResult runModel(long jobId) throws VolumeException {
        record Work(JobRecord job, List<Path> files) {}
        Work work = database.fromTransaction(session -> {
            JobRecord job = session.find(JobRecord.class, jobId);
            job.state = JobRecord.State.INFERRING;
            job.inferenceStartedAt = clock.instant();
            job.inferredBy = config.device().name();
            job.error = null;
            return new Work(
                    job,
                    JobInputs.of(session, job, config).stream()
                            .map(i -> Path.of(i.path))
                            .toList());
        });
        log.info(
                "job {} of study {}: {} on {} images",
                jobId,
                PhiSafe.hash(work.job().studyInstanceUid),
                work.job().modelId,
                work.files().size());
        InferenceResult result = models.infer(work.job().modelId, decoded(work.files()));
        log.info("job {}: {} findings", jobId, result.findings().size());
        return new JobResult(jobId, result);
    }

    /** Decodes lazily, so the series' pixels are held once: in the model's volume, not also as slices. */
    private static Iterable<ImageSlice> decoded(List<Path> files) {
        return () -> new Iterator<>() {
            private final Iterator<Path> next = files.iterator();

            @Override
            public boolean hasNext() {
                return next.hasNext();
            }

            @Override
            public ImageSlice next() {
                Path file = next.next();
                try {
                    return DicomSliceReader.read(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot decode " + file.getFileName(), e);
                }
            }
        };
    }
}

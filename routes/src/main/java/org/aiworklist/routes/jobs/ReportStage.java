package org.aiworklist.routes.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.Finding;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.OwnerOnly;
import org.aiworklist.reports.DeviceIdentity;
import org.aiworklist.reports.GspsWriter;
import org.aiworklist.reports.KeyObjectSelectionWriter;
import org.aiworklist.reports.ResultIdentity;
import org.aiworklist.reports.SecondaryCaptureWriter;
import org.aiworklist.reports.SegmentationWriter;
import org.aiworklist.reports.SourceInstance;
import org.aiworklist.reports.StructuredReportWriter;
import org.aiworklist.reports.WrittenObject;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.InstanceRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns a job's inference result into its DICOM objects (a SEG for a segmentation, one SR, Secondary Captures in each
 * layout a destination wants) under the job's result directory, then queues one export per destination.
 */
public final class ReportStage {
    private static final Logger log = LoggerFactory.getLogger(ReportStage.class);
    private final Database database;
    private final NodeConfiguration config;
    private final Clock clock;
    private final DeviceIdentity device;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ReportStage(Database database, NodeConfiguration config, String softwareVersion, Clock clock) {
        this.database = database;
        this.config = config;
        this.clock = clock;
        this.device = deviceOf(config, softwareVersion);
    }

    /** This node as the device that made the results, named in every object it writes. */
    static DeviceIdentity deviceOf(NodeConfiguration config, String softwareVersion) {
        return new DeviceIdentity(
                config.device().name(),
                config.device().aeTitle(),
                config.device().manufacturer(),
                softwareVersion,
                null);
    }

    /** Writes the job's results and its exports; returns the job's id. */
    public long write(JobResult jobResult) throws IOException {
        try (MDC.MDCCloseable job = JobMdc.of(jobResult.jobId())) {
            return writeResults(jobResult);
        }
    }

    private long writeResults(JobResult jobResult) throws IOException {
        long jobId = jobResult.jobId();
        InferenceResult result = jobResult.result();
        record Inputs(JobRecord job, JobRecord predecessor, List<SourceInstance> sources) {}
        Inputs inputs = database.fromTransaction(session -> {
            JobRecord j = session.find(JobRecord.class, jobId);
            return new Inputs(
                    j,
                    j.supersedesJobId == null ? null : session.find(JobRecord.class, j.supersedesJobId),
                    sources(session, result));
        });
        JobRecord job = inputs.job();
        JobRecord predecessor = inputs.predecessor();
        List<SourceInstance> sources = inputs.sources();
        ResultIdentity identity = identity(config, job, predecessor);
        Path directory = config.storage().results().resolve("job-" + jobId);
        OwnerOnly.createDirectories(directory);
        // a segmentation model's masks as a SEG, written first: the SR's groups reference its segments
        WrittenObject seg = result.segmentation().isEmpty()
                ? null
                : new SegmentationWriter(device)
                        .write(result, sources, identity, directory.resolve(ResultLayout.SEG_FILE));
        WrittenObject sr = new StructuredReportWriter(device)
                .write(result, sources, identity, seg, directory.resolve(ResultLayout.SR_FILE));
        SecondaryCaptureWriter sc = new SecondaryCaptureWriter(device);
        for (NodeConfiguration.SecondaryCaptureLayout layout : JobDestinations.scLayouts(config, job)) {
            Path folder = OwnerOnly.createDirectories(ResultLayout.scFolder(directory, layout));
            sc.write(
                    result,
                    sources,
                    identity,
                    layout == NodeConfiguration.SecondaryCaptureLayout.SINGLE_FRAME
                            ? SecondaryCaptureWriter.Layout.SINGLE_FRAME
                            : SecondaryCaptureWriter.Layout.MULTI_FRAME_TRUE_COLOR,
                    folder);
        }
        // what viewers and PACS draw: the findings on the slices (GSPS), and the key slices flagged (KOS), which
        // references the SR and the presentation state, so it is written after them; none without findings
        List<WrittenObject> gsps = new GspsWriter(device)
                .write(
                        result,
                        sources,
                        identity,
                        OwnerOnly.createDirectories(directory.resolve(ResultLayout.GSPS_FOLDER)));
        new KeyObjectSelectionWriter(device)
                .write(
                        result,
                        sources,
                        identity,
                        sr,
                        gsps.size() == 1 ? gsps.get(0) : null, // KOS attaches one state to every key image
                        directory.resolve(ResultLayout.KOS_FILE));
        OwnerOnly.write(directory.resolve(ResultLayout.FINDINGS_FILE), json.writeValueAsBytes(findingsSummary(result)));
        database.inTransaction(session -> {
            JobRecord j = session.find(JobRecord.class, jobId);
            if (j.state != JobRecord.State.INFERRING) {
                // another worker ran the job too (its message came again after a broker restart) and was first:
                // its objects are these very files (same UIDs), and its state and exports stand
                log.info("job {}: results already recorded ({}), not again", jobId, j.state);
                return;
            }
            j.state = JobRecord.State.RESULTS_READY;
            j.resultsReadyAt = clock.instant();
            j.findingCount = result.findings().size();
            j.resultDirectory = directory.toString();
            j.srSopInstanceUid = sr.sopInstanceUid();
            j.srSeriesInstanceUid = sr.seriesInstanceUid();
            JobDestinations.queueExports(session, j, config, clock);
        });
        return jobId;
    }

    /** The identity every result UID of a job derives from; the predecessor's SR is the one superseded. */
    static ResultIdentity identity(NodeConfiguration config, JobRecord job, JobRecord predecessor) {
        return new ResultIdentity(
                config.device().uidRoot(),
                job.studyInstanceUid + "|" + job.modelId + "|" + job.modelVersion + "|" + job.inputHash,
                job.version,
                predecessor == null ? null : predecessor.srSopInstanceUid,
                predecessor == null ? null : predecessor.srSeriesInstanceUid);
    }

    /** The spool file of every image the model used, found through the index. */
    private static List<SourceInstance> sources(Session session, InferenceResult result) {
        Map<String, Path> files = new HashMap<>();
        session.createSelectionQuery(
                        "from InstanceRecord where sopInstanceUid in :uids and conflict = false", InstanceRecord.class)
                .setParameter(
                        "uids",
                        result.imagesUsed().stream()
                                .map(ImageReference::sopInstanceUid)
                                .toList())
                .getResultList()
                .forEach(i -> files.put(i.sopInstanceUid, Path.of(i.path)));
        return result.imagesUsed().stream()
                .map(ref -> {
                    Path file = files.get(ref.sopInstanceUid());
                    if (file == null) {
                        throw new IllegalStateException("source instance missing from the index");
                    }
                    return new SourceInstance(ref, file);
                })
                .toList();
    }

    /** findings.json beside the DICOM objects (a classifier's verdicts too): what the demo and operators read without a DICOM toolkit. */
    private static Map<String, Object> findingsSummary(InferenceResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", result.algorithm().name() + " " + result.algorithm().version());
        m.put("disclaimer", String.valueOf(result.algorithm().disclaimer()));
        m.put("findings", result.findings().stream().map(ReportStage::summary).toList());
        result.classification().ifPresent(c -> m.put("classification", c.verdicts()));
        return m;
    }

    private static Map<String, Object> summary(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trackingId", f.trackingId());
        m.put("finding", f.finding().meaning());
        m.put("findingSite", f.findingSite() == null ? null : f.findingSite().meaning());
        m.put("sourceImage", f.sourceImage().sopInstanceUid());
        m.put("centreMm", f.centrePatientMm());
        m.put("diameterMm", f.diameterMm());
        m.put("probability", f.probability());
        return m;
    }
}

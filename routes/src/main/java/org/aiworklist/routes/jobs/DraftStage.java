package org.aiworklist.routes.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.aiworklist.common.GeneratedDraft;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.OwnerOnly;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.dicom.DicomSliceReader;
import org.aiworklist.inference.generative.ContextFinding;
import org.aiworklist.inference.generative.DraftAnswer;
import org.aiworklist.inference.generative.DraftFailure;
import org.aiworklist.inference.generative.DraftRequest;
import org.aiworklist.inference.generative.PromptImages;
import org.aiworklist.inference.generative.SliceSampling;
import org.aiworklist.inference.manifest.GenerativeReportManifest;
import org.aiworklist.reports.DeviceIdentity;
import org.aiworklist.reports.DraftPageWriter;
import org.aiworklist.reports.DraftReportWriter;
import org.aiworklist.reports.ResultIdentity;
import org.aiworklist.reports.SecondaryCaptureWriter;
import org.aiworklist.reports.SourceInstance;
import org.aiworklist.reports.WrittenObject;
import org.aiworklist.routes.app.InstalledModels;
import org.aiworklist.routes.app.InstalledModels.GenerativeModel;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.DraftRecord;
import org.aiworklist.routes.persistence.InstanceRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.ReasonText;
import org.aiworklist.routes.persistence.SeriesRecord;
import org.apache.camel.Body;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The jobs of generative-report models: a draft report asked of the model's endpoint, written as a draft SR (and
 * SC page) in the job's result directory and sent like any result, never holding up another job's results.
 * <p>
 * A job of such a model gets a {@link DraftRecord} instead of an inference run ({@link #queue}). The draft is asked
 * for once the study's other models are past inference, so their findings go into the prompt; an attempt is claimed
 * as an export is ({@link #claimDue}), made by the model's own route (as many at once as its manifest's concurrency),
 * and its outcome recorded durably: written (exports queued), retry later (endpoint down, slow, 5xx: backoff with
 * jitter from the manifest, the server's message kept on the draft), or failed (refused by the endpoint, answer
 * rejected, or given up: the reason is the job's error, nothing is sent).
 */
public final class DraftStage {
    /** Drafts of one model claimed (queued or being asked) at a time, at most: bounds its queue. */
    static final int MAX_CLAIMED_PER_MODEL = 50;

    private static final Logger log = LoggerFactory.getLogger(DraftStage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Database database;
    private final NodeConfiguration config;
    private final InstalledModels models;
    private final DeviceIdentity device;
    private final Clock clock;
    private final Map<String, RetrySchedule> retries = new HashMap<>();
    /** This node in the claims it makes: its device name. */
    private final String node;

    /** One draft claimed for an attempt: what a model's queue carries. */
    public record Claim(long draftId, long jobId, String modelId) {}

    public DraftStage(
            Database database, NodeConfiguration config, InstalledModels models, String softwareVersion, Clock clock) {
        this.database = database;
        this.config = config;
        this.models = models;
        this.clock = clock;
        this.node = config.device().name();
        this.device = ReportStage.deviceOf(config, softwareVersion);
        models.generativeModels().forEach((id, model) -> {
            GenerativeReportManifest.Retry r = model.manifest().endpoint().retry();
            retries.put(
                    id,
                    new RetrySchedule(
                            r.initialSeconds(),
                            r.maxSeconds(),
                            Duration.ofSeconds(r.giveUpAfterSeconds()),
                            RandomGenerator.getDefault()));
        });
    }

    /** True for a job of a generative-report model: it is asked of an endpoint, not inferred here. */
    public boolean isDraftJob(@Body long jobId) {
        String modelId = database.fromTransaction(session -> session.find(JobRecord.class, jobId).modelId);
        return models.isGenerative(modelId);
    }

    /** The job waits for its draft: a pending request, due now (kept as it is when the job is queued again). */
    public void queue(@Body long jobId) {
        Instant now = clock.instant();
        database.inTransaction(session -> {
            JobRecord job = session.find(JobRecord.class, jobId);
            if (job.state == JobRecord.State.QUEUED) {
                job.state = JobRecord.State.INFERRING;
                job.inferenceStartedAt = now;
            }
            if (DraftRecord.ofJob(session, jobId) == null) {
                DraftRecord draft = new DraftRecord();
                draft.jobId = jobId;
                draft.nextAttemptAt = now;
                session.persist(draft);
            }
        });
    }

    /**
     * Claims the pending drafts that are due and whose study's other models are past inference (their findings are
     * the draft's context), at most {@link #MAX_CLAIMED_PER_MODEL} per model; each claim a conditional update.
     */
    public List<Claim> claimDue() {
        Instant now = clock.instant();
        List<Claim> claims = new ArrayList<>();
        database.inTransaction(session -> {
            List<DraftRecord> due = session.createSelectionQuery(
                            "from DraftRecord where claimedBy is null and state = :s and nextAttemptAt <= :now"
                                    + " order by nextAttemptAt, id",
                            DraftRecord.class)
                    .setParameter("s", DraftRecord.State.PENDING)
                    .setParameter("now", now)
                    .getResultList();
            Map<String, Long> claimed = new HashMap<>();
            for (DraftRecord d : due) {
                JobRecord job = session.find(JobRecord.class, d.jobId);
                if (!models.isGenerative(job.modelId) || othersStillInferring(session, job)) {
                    continue;
                }
                long held = claimed.computeIfAbsent(job.modelId, m -> claimedOf(session, m));
                if (held >= MAX_CLAIMED_PER_MODEL) {
                    continue;
                }
                int won = session.createMutationQuery("update DraftRecord set claimedBy = :n, claimedAt = :now"
                                + " where id = :id and claimedBy is null")
                        .setParameter("n", node)
                        .setParameter("now", now)
                        .setParameter("id", d.id)
                        .executeUpdate();
                if (won == 1) {
                    claims.add(new Claim(d.id, d.jobId, job.modelId));
                    claimed.merge(job.modelId, 1L, Long::sum);
                }
            }
        });
        return claims;
    }

    private static long claimedOf(Session session, String modelId) {
        return session.createSelectionQuery(
                        "select count(*) from DraftRecord d, JobRecord j where d.jobId = j.id"
                                + " and d.claimedBy is not null and j.modelId = :m",
                        Long.class)
                .setParameter("m", modelId)
                .getSingleResult();
    }

    /** Another model's job on the same study that has not finished inference yet: its findings are still coming. */
    private boolean othersStillInferring(Session session, JobRecord job) {
        return session
                .createSelectionQuery(
                        "from JobRecord where studyInstanceUid = :s and id <> :id and state in (:states)",
                        JobRecord.class)
                .setParameter("s", job.studyInstanceUid)
                .setParameter("id", job.id)
                .setParameter("states", List.of(JobRecord.State.QUEUED, JobRecord.State.INFERRING))
                .getResultList()
                .stream()
                .anyMatch(other -> !models.isGenerative(other.modelId));
    }

    /** On start-up, before anything is queued: the claims this node held when it stopped are void. */
    public void releaseClaims() {
        int released = database.fromTransaction(session -> session.createMutationQuery(
                        "update DraftRecord set claimedBy = null, claimedAt = null where claimedBy = :n")
                .setParameter("n", node)
                .executeUpdate());
        if (released > 0) {
            log.info("released {} draft claims held before the restart", released);
        }
    }

    /**
     * One attempt at a claimed draft; the claim is released afterwards, whatever happened.
     *
     * @return the job's id when its draft was written and its exports queued, else null
     */
    public Long request(@Body Claim claim) throws InterruptedException {
        try (MDC.MDCCloseable job = JobMdc.of(claim.jobId())) {
            try {
                return attempt(claim);
            } finally {
                release(claim.draftId());
            }
        }
    }

    /** The route's error handler: an error the attempt did not expect; asked again later, backing off. */
    public void failedUnexpectedly(Claim claim, String reason) {
        retryLater(claim, "draft stage error: " + reason);
        release(claim.draftId());
    }

    /** What an attempt works from, read in one transaction. */
    private record Work(
            DraftRecord draft,
            JobRecord job,
            JobRecord predecessor,
            String modality,
            List<InstanceRecord> inputs,
            List<JobRecord> others) {}

    private Long attempt(Claim claim) throws InterruptedException {
        Work work = database.fromTransaction(session -> {
            DraftRecord draft = session.find(DraftRecord.class, claim.draftId());
            JobRecord job = session.find(JobRecord.class, claim.jobId());
            List<InstanceRecord> inputs = JobInputs.of(session, job, config);
            SeriesRecord series =
                    inputs.isEmpty() ? null : session.find(SeriesRecord.class, inputs.get(0).seriesInstanceUid);
            return new Work(
                    draft,
                    job,
                    job.supersedesJobId == null ? null : session.find(JobRecord.class, job.supersedesJobId),
                    series == null || series.modality == null ? "" : series.modality.toUpperCase(Locale.ROOT),
                    inputs,
                    resultsOfOthers(session, job));
        });
        if (work.draft().state != DraftRecord.State.PENDING) {
            return null; // settled meanwhile (a claim from before a restart)
        }
        GenerativeModel model = models.generative(claim.modelId());
        try {
            return write(work, model, ask(work, model));
        } catch (DraftFailure failure) {
            if (failure.isRetryable()) {
                retryLater(claim, failure.getMessage());
            } else {
                fail(claim, failure.getMessage());
            }
        } catch (IOException e) {
            fail(claim, "cannot prepare or write the draft: " + e.getMessage());
        }
        return null;
    }

    /** The request built from the series and the other models' findings, sent, the answer checked. */
    private Asked ask(Work work, GenerativeModel model) throws DraftFailure, IOException, InterruptedException {
        long start = System.nanoTime();
        GenerativeReportManifest manifest = model.manifest();
        if (!manifest.input().modalities().contains(work.modality())) {
            throw DraftFailure.permanent("the series' modality '" + work.modality() + "' is not among the model's "
                    + manifest.input().modalities() + " (input.modalities)");
        }
        if (work.inputs().isEmpty()) {
            throw DraftFailure.permanent("the rule's series holds no images");
        }
        model.client().reachable(); // before the series is decoded: a server that is down costs nothing more
        List<Integer> indices =
                SliceSampling.uniform(work.inputs().size(), manifest.input().maxSlices());
        List<InstanceRecord> sent = indices.stream().map(work.inputs()::get).toList();
        boolean planar = "CR".equals(work.modality()) || "DX".equals(work.modality());
        List<byte[]> pngs = PromptImages.encode(
                work.modality(), sent.size(), manifest.input().imageSize(), i -> {
                    Path file = Path.of(sent.get(i).path);
                    return new PromptImages.Slice(
                            DicomSliceReader.read(file), planar ? DicomSliceReader.storedDisplay(file) : null);
                });
        DraftRequest request =
                DraftRequest.build(manifest, work.modality(), pngs, context(work.others(), work.inputs(), indices));
        database.inTransaction(session -> {
            DraftRecord d = session.find(DraftRecord.class, work.draft().id);
            d.imagesSent = request.imageCount();
            d.requestBytes = (long) request.size();
            d.promptSha256 = manifest.prompt().sha256();
        });
        long asked = System.nanoTime();
        log.info(
                "job {} of study {}: asking {} for a draft with {} images ({} bytes, prepared in {} ms)",
                work.job().id,
                PhiSafe.hash(work.job().studyInstanceUid),
                manifest.label(),
                request.imageCount(),
                request.size(),
                (asked - start) / 1_000_000);
        DraftAnswer answer;
        try {
            answer = model.client().send(request);
        } finally {
            log.info(
                    "job {}: request to the endpoint took {} ms",
                    work.job().id,
                    (System.nanoTime() - asked) / 1_000_000);
        }
        return new Asked(answer, sent);
    }

    /** An accepted answer and the instances whose images were sent. */
    private record Asked(DraftAnswer answer, List<InstanceRecord> sent) {}

    /** The draft SR and, where the manifest asks, its SC page; then the job's results are ready and queued. */
    private Long write(Work work, GenerativeModel model, Asked asked) throws IOException {
        GenerativeReportManifest manifest = model.manifest();
        JobRecord job = work.job();
        List<SourceInstance> sources = asked.sent().stream()
                .map(i -> new SourceInstance(
                        new ImageReference(i.studyInstanceUid, i.seriesInstanceUid, i.sopClassUid, i.sopInstanceUid),
                        Path.of(i.path)))
                .toList();
        GeneratedDraft draft = new GeneratedDraft(
                manifest.algorithmIdentity(),
                asked.answer().servedModel(),
                manifest.endpoint().serving(),
                manifest.prompt().sha256(),
                asked.answer().findings(),
                asked.answer().impression(),
                sources.stream().map(SourceInstance::reference).toList());
        ResultIdentity identity = ReportStage.identity(config, job, work.predecessor());
        Path directory = config.storage().results().resolve("job-" + job.id);
        OwnerOnly.createDirectories(directory);
        WrittenObject sr =
                new DraftReportWriter(device).write(draft, sources, identity, directory.resolve(ResultLayout.SR_FILE));
        if (manifest.secondaryCapture()) {
            DraftPageWriter pages = new DraftPageWriter(device);
            for (NodeConfiguration.SecondaryCaptureLayout layout : JobDestinations.scLayouts(config, job)) {
                pages.write(
                        draft,
                        sources,
                        identity,
                        layout == NodeConfiguration.SecondaryCaptureLayout.SINGLE_FRAME
                                ? SecondaryCaptureWriter.Layout.SINGLE_FRAME
                                : SecondaryCaptureWriter.Layout.MULTI_FRAME_TRUE_COLOR,
                        OwnerOnly.createDirectories(ResultLayout.scFolder(directory, layout)));
            }
        }
        Instant now = clock.instant();
        database.inTransaction(session -> {
            JobRecord j = session.find(JobRecord.class, job.id);
            j.state = JobRecord.State.RESULTS_READY;
            j.resultsReadyAt = now;
            j.resultDirectory = directory.toString();
            j.srSopInstanceUid = sr.sopInstanceUid();
            j.srSeriesInstanceUid = sr.seriesInstanceUid();
            j.error = null;
            DraftRecord d = session.find(DraftRecord.class, work.draft().id);
            d.state = DraftRecord.State.WRITTEN;
            d.answeredAt = now;
            String served = asked.answer().servedModel();
            d.servedModel = served.length() <= 128 ? served : served.substring(0, 128);
            d.lastError = null;
            JobDestinations.queueExports(session, j, config, clock);
        });
        log.info("job {}: draft written ({} images referenced), sending", job.id, sources.size());
        return job.id;
    }

    /** The latest results of the study's other models (not superseded, past inference, with a result directory). */
    private List<JobRecord> resultsOfOthers(Session session, JobRecord job) {
        return session
                .createSelectionQuery(
                        "from JobRecord where studyInstanceUid = :s and id <> :id and resultDirectory is not null"
                                + " and state in (:states) order by id",
                        JobRecord.class)
                .setParameter("s", job.studyInstanceUid)
                .setParameter("id", job.id)
                .setParameter(
                        "states",
                        List.of(
                                JobRecord.State.RESULTS_READY,
                                JobRecord.State.SENDING,
                                JobRecord.State.DONE,
                                JobRecord.State.DEAD_LETTER))
                .getResultList()
                .stream()
                .filter(other -> !models.isGenerative(other.modelId))
                .toList();
    }

    /**
     * The other models' findings (their findings.json), each with the number of the image sent nearest to its
     * source slice in the series order, so "slice 12" in the prompt is the twelfth image the model sees.
     */
    private static List<ContextFinding> context(
            List<JobRecord> others, List<InstanceRecord> inputs, List<Integer> sentIndices) throws IOException {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            position.put(inputs.get(i).sopInstanceUid, i);
        }
        List<ContextFinding> out = new ArrayList<>();
        for (JobRecord other : others) {
            Path file = Path.of(other.resultDirectory).resolve(ResultLayout.FINDINGS_FILE);
            if (!Files.isRegularFile(file)) {
                continue; // results removed by retention
            }
            JsonNode summary = JSON.readTree(file.toFile());
            for (JsonNode f : summary.path("findings")) {
                Integer at = position.get(f.path("sourceImage").asText(""));
                out.add(new ContextFinding(
                        summary.path("model").asText(other.modelId),
                        f.path("finding").asText(),
                        f.path("findingSite").isTextual()
                                ? f.path("findingSite").asText()
                                : null,
                        f.path("diameterMm").isNumber() ? f.path("diameterMm").asDouble() : null,
                        f.path("probability").isNumber() ? f.path("probability").asDouble() : null,
                        at == null ? null : nearest(sentIndices, at) + 1));
            }
        }
        return out;
    }

    /** The index into the images sent whose series position is closest to the given one. */
    static int nearest(List<Integer> sentIndices, int position) {
        int best = 0;
        for (int k = 1; k < sentIndices.size(); k++) {
            if (Math.abs(sentIndices.get(k) - position) < Math.abs(sentIndices.get(best) - position)) {
                best = k;
            }
        }
        return best;
    }

    /** Endpoint down, slow or failing: asked again after a backoff, until the manifest's give-up time. */
    private void retryLater(Claim claim, String reason) {
        Instant now = clock.instant();
        RetrySchedule schedule = retries.get(claim.modelId());
        int giveUpSeconds =
                models.generative(claim.modelId()).manifest().endpoint().retry().giveUpAfterSeconds();
        database.inTransaction(session -> {
            DraftRecord d = session.find(DraftRecord.class, claim.draftId());
            if (d.state != DraftRecord.State.PENDING) {
                return;
            }
            if (d.firstFailureAt == null) {
                d.firstFailureAt = now;
            }
            if (schedule.givenUp(d.firstFailureAt, now)) {
                fail(session, claim, "gave up after " + giveUpSeconds + " s: " + reason);
                return;
            }
            d.attempts++;
            d.lastError = ReasonText.fit(reason);
            d.nextAttemptAt = schedule.nextAttempt(now, d.attempts);
            log.info("job {}: draft will be asked again ({})", claim.jobId(), reason);
        });
    }

    /** No draft: the job is FAILED with the reason, nothing is sent, other jobs are not touched. */
    private void fail(Claim claim, String reason) {
        database.inTransaction(session -> fail(session, claim, reason));
    }

    private static void fail(Session session, Claim claim, String reason) {
        DraftRecord d = session.find(DraftRecord.class, claim.draftId());
        d.state = DraftRecord.State.FAILED;
        d.attempts++;
        d.lastError = ReasonText.fit(reason);
        JobRecord job = session.find(JobRecord.class, claim.jobId());
        job.state = JobRecord.State.FAILED;
        job.error = ReasonText.fit("draft failed: " + reason);
        log.warn("job {} of study {} FAILED: {}", job.id, PhiSafe.hash(job.studyInstanceUid), job.error);
    }

    private void release(long draftId) {
        database.inTransaction(session -> session.createMutationQuery(
                        "update DraftRecord set claimedBy = null, claimedAt = null where id = :id and claimedBy = :n")
                .setParameter("id", draftId)
                .setParameter("n", node)
                .executeUpdate());
    }
}

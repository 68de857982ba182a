package org.aiworklist.routes.assembly;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.config.NodeConfiguration.Rule;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.InstanceRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.SeriesRecord;
import org.aiworklist.routes.persistence.StudyRecord;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a study is complete and creates its jobs, each decision in one transaction.
 * A study completes when every rule that matches it is ready: its expected instance count is reached, or it
 * has been quiet for the rule's quiet period and holds the rule's required series; or an operator forced it;
 * or it reached the maximum age (then the configured action applies).
 */
public final class StudyAssembly {
    private static final Logger log = LoggerFactory.getLogger(StudyAssembly.class);
    private final Database database;
    private final NodeConfiguration config;
    private final UnaryOperator<String> modelVersions;
    private final Predicate<String> triageModels;
    private final Clock clock;

    /**
     * @param modelVersions model id to the installed version, so a job names exactly what will run
     * @param triageModels  whether a model is a triage classifier, whose jobs run first at their priority
     */
    public StudyAssembly(
            Database database,
            NodeConfiguration config,
            UnaryOperator<String> modelVersions,
            Predicate<String> triageModels,
            Clock clock) {
        this.database = database;
        this.config = config;
        this.modelVersions = modelVersions;
        this.triageModels = triageModels;
        this.clock = clock;
    }

    /** Without triage classifiers. */
    public StudyAssembly(
            Database database, NodeConfiguration config, UnaryOperator<String> modelVersions, Clock clock) {
        this(database, config, modelVersions, modelId -> false, clock);
    }

    /** Completes every study that is ready now; returns the ids of the jobs created. */
    public List<Long> completeReadyStudies() {
        List<String> receiving = database.fromTransaction(session -> session.createSelectionQuery(
                        "select studyInstanceUid from StudyRecord where state = :s", String.class)
                .setParameter("s", StudyRecord.State.RECEIVING)
                .getResultList());
        List<Long> jobs = new ArrayList<>();
        for (String studyUid : receiving) {
            jobs.addAll(database.fromTransaction(session -> assess(session, studyUid)));
        }
        return jobs;
    }

    /** Marks a study for completion at the next assessment, whatever its rules say. */
    public boolean forceComplete(String studyUid) {
        return database.fromTransaction(session -> {
            StudyRecord study = session.find(StudyRecord.class, studyUid);
            if (study == null) {
                return false;
            }
            if (study.state == StudyRecord.State.RECEIVING) {
                study.forceComplete = true;
            }
            return true;
        });
    }

    private List<Long> assess(Session session, String studyUid) {
        StudyRecord study = session.find(StudyRecord.class, studyUid);
        if (study == null || study.state != StudyRecord.State.RECEIVING) {
            return List.of();
        }
        List<IndexedSeries> series = IndexedSeries.ofStudy(session, studyUid);
        List<Rule> rules =
                config.rules().stream().filter(r -> matches(r, series)).toList();
        Instant now = clock.instant();
        Duration quiet = Duration.between(study.lastReceivedAt, now);
        boolean tooOld = Duration.between(study.firstReceivedAt, now).toMinutes()
                >= config.assembly().maxAgeMinutes();
        String reason = completionReason(study, series, rules, quiet, tooOld);
        if (reason == null) {
            return List.of();
        }
        if (tooOld
                && !study.forceComplete
                && config.assembly().maxAgeAction() == NodeConfiguration.MaxAgeAction.DISCARD) {
            study.state = StudyRecord.State.DISCARDED;
            study.completedAt = now;
            study.completionReason = "maximum age reached, discarded";
            log.info("study {} discarded at maximum age", PhiSafe.hash(studyUid));
            return List.of();
        }
        study.state = StudyRecord.State.COMPLETE;
        study.completedAt = now;
        study.completionReason = reason;
        log.info("study {} complete ({}), {} instances", PhiSafe.hash(studyUid), reason, study.instanceCount);
        List<Long> jobs = new ArrayList<>();
        for (Rule rule : rules) {
            if (selectSeries(rule, series).isEmpty()) {
                log.info("study {}: rule {} has no suitable series, no job", PhiSafe.hash(studyUid), rule.name());
                continue;
            }
            for (String modelId : rule.models()) {
                createJob(session, study, rule, modelId).ifPresent(jobs::add);
            }
        }
        return jobs;
    }

    private String completionReason(
            StudyRecord study, List<IndexedSeries> series, List<Rule> rules, Duration quiet, boolean tooOld) {
        if (study.forceComplete) {
            return "forced";
        }
        if (tooOld) {
            return "maximum age";
        }
        if (expectedCountReached(study, series)) {
            return "expected instance count";
        }
        if (rules.isEmpty()) {
            return quiet.toSeconds() >= config.assembly().quietPeriodSeconds() ? "quiet period (no rule)" : null;
        }
        boolean allReady = rules.stream()
                .allMatch(rule -> quiet.toSeconds() >= rule.quietPeriodSeconds(config.assembly())
                        && selectSeries(rule, series).isPresent());
        return allReady ? "quiet period" : null;
    }

    private static boolean expectedCountReached(StudyRecord study, List<IndexedSeries> series) {
        if (study.expectedInstances != null) {
            return study.instanceCount >= study.expectedInstances;
        }
        return !series.isEmpty()
                && series.stream()
                        .map(IndexedSeries::record)
                        .allMatch(s -> s.expectedInstances != null && s.instanceCount >= s.expectedInstances);
    }

    /** A rule applies to a study when one of its series matches the rule. */
    private static boolean matches(Rule rule, List<IndexedSeries> series) {
        return series.stream().anyMatch(rule.match()::matches);
    }

    /**
     * The series a rule's models run on: the largest one that matches the rule and meets its required-series
     * condition.
     */
    public static Optional<SeriesRecord> selectSeries(Rule rule, List<IndexedSeries> series) {
        return series.stream()
                .filter(rule.match()::matches)
                .map(IndexedSeries::record)
                .filter(s -> rule.requiredSeries() == null || meets(rule.requiredSeries(), s))
                .max((a, b) -> Integer.compare(a.instanceCount, b.instanceCount));
    }

    private static boolean meets(NodeConfiguration.RequiredSeries required, SeriesRecord s) {
        boolean orientation =
                "ANY".equals(required.orientation()) || required.orientation().equals(s.orientation);
        boolean thickness = s.sliceThickness == null
                ? required.maxSliceThicknessMm() == Double.MAX_VALUE
                : s.sliceThickness <= required.maxSliceThicknessMm();
        return orientation && thickness && s.instanceCount >= required.minSlices();
    }

    private Optional<Long> createJob(Session session, StudyRecord study, Rule rule, String modelId) {
        String modelVersion = modelVersions.apply(modelId);
        List<InstanceRecord> inputs = session.createSelectionQuery(
                        "from InstanceRecord where studyInstanceUid = :s order by sopInstanceUid, id",
                        InstanceRecord.class)
                .setParameter("s", study.studyInstanceUid)
                .getResultList();
        String inputHash = InputSet.hash(inputs);
        boolean exists = !session.createSelectionQuery(
                        "select id from JobRecord where studyInstanceUid = :s"
                                + " and modelId = :m and modelVersion = :v and inputHash = :h",
                        Long.class)
                .setParameter("s", study.studyInstanceUid)
                .setParameter("m", modelId)
                .setParameter("v", modelVersion)
                .setParameter("h", inputHash)
                .getResultList()
                .isEmpty();
        if (exists) {
            log.info(
                    "study {}: same input already processed by {}, no new job",
                    PhiSafe.hash(study.studyInstanceUid),
                    modelId);
            return Optional.empty();
        }
        JobRecord previous = session
                .createSelectionQuery(
                        "from JobRecord where studyInstanceUid = :s" + " and modelId = :m order by version desc",
                        JobRecord.class)
                .setParameter("s", study.studyInstanceUid)
                .setParameter("m", modelId)
                .setMaxResults(1)
                .getResultList()
                .stream()
                .findFirst()
                .orElse(null);
        JobRecord job = new JobRecord();
        job.studyInstanceUid = study.studyInstanceUid;
        job.ruleName = rule.name();
        job.modelId = modelId;
        job.modelVersion = modelVersion;
        job.inputHash = inputHash;
        job.version = previous == null ? 1 : previous.version + 1;
        job.supersedesJobId = previous == null ? null : previous.id;
        job.createdAt = clock.instant();
        job.priority = rule.priority();
        job.priorityReason = "rule " + rule.name();
        job.triage = triageModels.test(modelId);
        session.persist(job);
        if (previous != null && previous.state == JobRecord.State.DONE) {
            previous.state = JobRecord.State.SUPERSEDED;
        }
        return Optional.of(job.id);
    }
}

package org.aiworklist.routes.persistence;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.dicom.InstanceAttributes;
import org.aiworklist.dicom.InstanceSink;
import org.aiworklist.dicom.QuarantineListener;
import org.aiworklist.dicom.ReceivedInstance;
import org.aiworklist.dicom.SinkDecision;
import org.hibernate.FlushMode;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes spooled instances, a batch per committed transaction, as the Storage SCP's feed hands them over after
 * acknowledging them: study, series and instance rows. Duplicates (also an instance handed over again after a
 * crash) are recognised by content hash. The SCP has already refused
 * instances without usable UIDs; descriptive values longer than their column (DICOM senders do exceed LO's 64
 * characters) are cut in the index only, so they can neither fail the insert nor refuse the image.
 */
public final class IngestIndex implements InstanceSink, QuarantineListener {
    private static final Logger log = LoggerFactory.getLogger(IngestIndex.class);
    /** Bind parameters per IN list: well inside what H2 and PostgreSQL take. */
    private static final int UIDS_PER_QUERY = 500;

    private final Database database;
    private final Clock clock;
    private final boolean reopenOnLateArrival;
    private final int maxQueuedJobs;
    private volatile Instant queueCheckedAt = Instant.MIN;
    private volatile boolean queueHasRoom = true;

    /**
     * @param reopenOnLateArrival true when late arrivals re-run the models (policy RERUN), false to ignore them
     * @param maxQueuedJobs       jobs waiting for inference beyond which senders are asked to come back later
     */
    public IngestIndex(Database database, Clock clock, boolean reopenOnLateArrival, int maxQueuedJobs) {
        this.database = database;
        this.clock = clock;
        this.reopenOnLateArrival = reopenOnLateArrival;
        this.maxQueuedJobs = maxQueuedJobs;
    }

    /**
     * Embedded H2 commits in this process: each commit rewrites the changed pages of the tables and their indexes, so
     * fewer, larger ones leave more CPU to the acknowledgement path (the feed's CPU per instance 0.56 and 0.67 ms in
     * two runs at 100 ms, 0.33 to 0.57 ms, median 0.41, in twelve at 400 ms; one sender, 300-slice studies).
     * PostgreSQL commits in its own process, and there 400 ms was slower in the ingest bench (one run each: 131
     * against 171 images/s on one association; why was not measured), so it keeps the sink's default, 100 ms.
     */
    @Override
    public Duration batchWindow() {
        return database.embedded() ? Duration.ofMillis(400) : InstanceSink.super.batchWindow();
    }

    /** Re-counted at most once a second: the answer guards a queue, it need not be exact per image. */
    @Override
    public boolean hasCapacity() {
        Instant now = clock.instant();
        if (now.isAfter(queueCheckedAt.plusSeconds(1))) {
            long queued = database.fromTransaction(session -> session.createSelectionQuery(
                            "select count(*) from JobRecord where state = :s", Long.class)
                    .setParameter("s", JobRecord.State.QUEUED)
                    .getSingleResult());
            queueHasRoom = queued < maxQueuedJobs;
            queueCheckedAt = now;
        }
        return queueHasRoom;
    }

    @Override
    public SinkDecision accept(ReceivedInstance received) {
        return acceptAll(List.of(received)).get(0);
    }

    /**
     * One transaction: the batch's instances already indexed are read in one query, its study and series rows
     * looked up once and updated once, and nothing is flushed before the commit (the batch reads what it wrote
     * from the session, not through queries, which would flush every pending row first).
     */
    @Override
    public List<SinkDecision> acceptAll(List<ReceivedInstance> batch) {
        // Spool files are named by content: a duplicate's file already is the original's, so nothing is removed.
        List<SinkDecision> decisions = database.fromTransaction(session -> {
            session.setHibernateFlushMode(FlushMode.COMMIT);
            Map<String, Set<String>> contentByUid = indexedContent(session, batch);
            List<SinkDecision> made = new ArrayList<>(batch.size());
            for (ReceivedInstance received : batch) {
                made.add(index(session, received, contentByUid));
            }
            return made;
        });
        if (log.isDebugEnabled()) { // the hashes are work on every instance: only when they are logged
            for (int i = 0; i < batch.size(); i++) {
                log.debug(
                        "instance {} of study {}: {}",
                        PhiSafe.hash(batch.get(i).attributes().sopInstanceUid()),
                        PhiSafe.hash(batch.get(i).attributes().studyInstanceUid()),
                        decisions.get(i));
            }
        }
        return decisions;
    }

    /** The content hashes the index holds for each SOP Instance UID of the batch. */
    private static Map<String, Set<String>> indexedContent(Session session, List<ReceivedInstance> batch) {
        List<String> uids = batch.stream()
                .map(r -> r.attributes().sopInstanceUid())
                .distinct()
                .toList();
        Map<String, Set<String>> contentByUid = new HashMap<>();
        for (int from = 0; from < uids.size(); from += UIDS_PER_QUERY) {
            session.createSelectionQuery(
                            "select sopInstanceUid, contentSha256 from InstanceRecord where sopInstanceUid in :uids",
                            Object[].class)
                    .setParameterList("uids", uids.subList(from, Math.min(uids.size(), from + UIDS_PER_QUERY)))
                    .getResultList()
                    .forEach(row -> contentByUid
                            .computeIfAbsent((String) row[0], uid -> new HashSet<>())
                            .add((String) row[1]));
        }
        return contentByUid;
    }

    /** Of these content hashes, those no instance row has (a purged row counts: retention removed its file). */
    @Override
    public Set<String> lacking(Collection<String> contentSha256s) {
        List<String> held = database.fromTransaction(session -> session.createSelectionQuery(
                        "select distinct contentSha256 from InstanceRecord where contentSha256 in :shas", String.class)
                .setParameterList("shas", contentSha256s)
                .getResultList());
        Set<String> lacking = new HashSet<>(contentSha256s);
        held.forEach(lacking::remove);
        return lacking;
    }

    private SinkDecision index(Session session, ReceivedInstance received, Map<String, Set<String>> contentByUid) {
        Set<String> sameUid =
                contentByUid.computeIfAbsent(received.attributes().sopInstanceUid(), uid -> new HashSet<>());
        if (sameUid.contains(received.contentSha256())) {
            return SinkDecision.DUPLICATE_IDENTICAL;
        }
        Instant now = clock.instant();
        StudyRecord study = study(session, received.attributes(), now, reopenOnLateArrival);
        SeriesRecord series = series(session, received.attributes(), study, received.callingAeTitle());
        InstanceRecord instance = new InstanceRecord();
        instance.sopInstanceUid = received.attributes().sopInstanceUid();
        instance.sopClassUid = received.attributes().sopClassUid();
        instance.seriesInstanceUid = received.attributes().seriesInstanceUid();
        instance.studyInstanceUid = received.attributes().studyInstanceUid();
        instance.transferSyntaxUid = received.transferSyntaxUid();
        instance.path = received.file().toString();
        instance.contentSha256 = received.contentSha256();
        instance.sizeBytes = received.sizeBytes();
        instance.callingAeTitle = received.callingAeTitle();
        instance.instanceNumber = received.attributes().instanceNumber();
        instance.receivedAt = now;
        instance.conflict = !sameUid.isEmpty();
        instance.generation = study.generation;
        session.persist(instance);
        sameUid.add(received.contentSha256());
        if (instance.conflict) {
            return SinkDecision.CONFLICT_KEPT;
        }
        study.instanceCount++;
        series.instanceCount++;
        return SinkDecision.STORED;
    }

    private static StudyRecord study(Session session, InstanceAttributes attributes, Instant now, boolean reopen) {
        StudyRecord study = session.find(StudyRecord.class, attributes.studyInstanceUid());
        if (study == null) {
            study = new StudyRecord();
            study.studyInstanceUid = attributes.studyInstanceUid();
            study.patientId = ColumnText.fit(attributes.patientId(), StudyRecord.PATIENT_ID_LENGTH);
            study.patientName = ColumnText.fit(attributes.patientName(), StudyRecord.PATIENT_NAME_LENGTH);
            study.accessionNumber = ColumnText.fit(attributes.accessionNumber(), StudyRecord.ACCESSION_NUMBER_LENGTH);
            study.studyDescription = ColumnText.fit(attributes.studyDescription(), StudyRecord.DESCRIPTION_LENGTH);
            study.firstReceivedAt = now;
            session.persist(study);
        } else if (study.state == StudyRecord.State.COMPLETE && reopen) {
            // A late arrival reopens the study; assembly decides by policy whether it leads to a re-run.
            study.state = StudyRecord.State.RECEIVING;
            study.generation++;
            study.completedAt = null;
            study.forceComplete = false;
        }
        study.lastReceivedAt = now;
        if (attributes.numberOfStudyRelatedInstances() != null) {
            study.expectedInstances = attributes.numberOfStudyRelatedInstances();
        }
        return study;
    }

    private static SeriesRecord series(
            Session session, InstanceAttributes attributes, StudyRecord study, String callingAeTitle) {
        SeriesRecord series = session.find(SeriesRecord.class, attributes.seriesInstanceUid());
        if (series == null) {
            series = newSeries(session, attributes, callingAeTitle);
            study.modalitiesInStudy = withModality(study.modalitiesInStudy, series.modality);
        }
        if (attributes.imagesInAcquisition() != null) {
            series.expectedInstances = attributes.imagesInAcquisition();
        }
        return series;
    }

    /** A series as its first instance describes it, with the text of that instance's attributes for rules. */
    private static SeriesRecord newSeries(Session session, InstanceAttributes attributes, String callingAeTitle) {
        SeriesRecord series = new SeriesRecord();
        series.seriesInstanceUid = attributes.seriesInstanceUid();
        series.studyInstanceUid = attributes.studyInstanceUid();
        series.modality = ColumnText.fit(attributes.modality(), SeriesRecord.MODALITY_LENGTH);
        series.seriesDescription = ColumnText.fit(attributes.seriesDescription(), SeriesRecord.DESCRIPTION_LENGTH);
        series.seriesNumber = attributes.seriesNumber();
        series.sliceThickness = attributes.sliceThickness();
        series.orientation = Orientation.of(attributes.imageOrientationPatient());
        series.callingAeTitle = callingAeTitle;
        session.persist(series);
        attributes.textByKeyword().forEach((keyword, value) -> {
            SeriesAttributeRecord a = new SeriesAttributeRecord();
            a.seriesInstanceUid = attributes.seriesInstanceUid();
            a.keyword = keyword;
            a.valueText = ColumnText.fit(value, SeriesAttributeRecord.VALUE_LENGTH);
            session.persist(a);
        });
        return series;
    }

    /** Modalities in Study with one more, kept sorted and distinct. */
    static String withModality(String modalities, String modality) {
        if (modality == null) {
            return modalities;
        }
        TreeSet<String> all = new TreeSet<>(modalities == null ? List.of() : List.of(modalities.split("\\\\")));
        all.add(modality);
        return ColumnText.fit(String.join("\\", all), StudyRecord.MODALITIES_LENGTH);
    }

    @Override
    public void quarantined(Path file, String reason, String callingAeTitle) {
        database.inTransaction(session -> {
            QuarantineRecord record = new QuarantineRecord();
            record.path = file.toString();
            record.reason = ReasonText.fit(reason);
            record.callingAeTitle = callingAeTitle;
            record.quarantinedAt = clock.instant();
            session.persist(record);
        });
    }
}

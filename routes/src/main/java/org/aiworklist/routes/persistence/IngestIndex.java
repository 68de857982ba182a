package org.aiworklist.routes.persistence;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.dicom.InstanceAttributes;
import org.aiworklist.dicom.InstanceSink;
import org.aiworklist.dicom.QuarantineListener;
import org.aiworklist.dicom.ReceivedInstance;
import org.aiworklist.dicom.SinkDecision;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes each spooled instance in one committed transaction before the Storage SCP acknowledges it:
 * study, series and instance rows. Duplicates are recognised by content hash. The SCP has already refused
 * instances without usable UIDs; descriptive values longer than their column (DICOM senders do exceed LO's 64
 * characters) are cut in the index only, so they can neither fail the insert nor refuse the image.
 */
public final class IngestIndex implements InstanceSink, QuarantineListener {
    private static final Logger log = LoggerFactory.getLogger(IngestIndex.class);
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
        // Spool files are named by content: a duplicate's file already is the original's, so nothing is removed.
        SinkDecision decision = database.fromTransaction(session -> index(session, received));
        log.debug(
                "instance {} of study {}: {}",
                PhiSafe.hash(received.attributes().sopInstanceUid()),
                PhiSafe.hash(received.attributes().studyInstanceUid()),
                decision);
        return decision;
    }

    private SinkDecision index(Session session, ReceivedInstance received) {
        List<InstanceRecord> sameUid = session.createSelectionQuery(
                        "from InstanceRecord where sopInstanceUid = :uid", InstanceRecord.class)
                .setParameter("uid", received.attributes().sopInstanceUid())
                .getResultList();
        if (sameUid.stream().anyMatch(i -> i.contentSha256.equals(received.contentSha256()))) {
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

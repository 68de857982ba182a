package org.aiworklist.routes.retention;

import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.InstanceRecord;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.StudyRecord;
import org.hibernate.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the spool files and result directories of finished studies after the configured number of days, so
 * patient data does not pile up unnoticed. A study is finished when it is no longer receiving and each of its jobs
 * is DONE or SUPERSEDED (a study without jobs, because no rule matched or it was discarded, is finished too); its
 * age counts from its last change: last instance received, completion, last job created or done.
 * Rows stay, marked purged: job history remains visible and a re-sent identical instance is still a duplicate.
 */
public final class RetentionSweep {
    private static final Logger log = LoggerFactory.getLogger(RetentionSweep.class);
    private static final String FINISHED_STUDIES = """
            select s.studyInstanceUid from StudyRecord s
            where s.state <> :receiving and s.lastReceivedAt < :cutoff
              and (s.completedAt is null or s.completedAt < :cutoff)
              and not exists (from JobRecord j where j.studyInstanceUid = s.studyInstanceUid
                  and (j.state not in (:finished) or j.createdAt >= :cutoff or j.doneAt >= :cutoff))
              and (exists (from InstanceRecord i where i.studyInstanceUid = s.studyInstanceUid and i.purgedAt is null)
                  or exists (from JobRecord j where j.studyInstanceUid = s.studyInstanceUid
                      and j.resultDirectory is not null and j.resultsPurgedAt is null))
            """;
    private final Database database;
    private final Duration retention;
    private final Clock clock;

    public RetentionSweep(Database database, int retentionDays, Clock clock) {
        this.database = database;
        this.retention = Duration.ofDays(retentionDays);
        this.clock = clock;
    }

    /** What one sweep deleted. */
    public record Swept(int studies, int spoolFiles, int resultDirectories, int failedStudies) {
        Swept plus(Swept other) {
            return new Swept(
                    studies + other.studies,
                    spoolFiles + other.spoolFiles,
                    resultDirectories + other.resultDirectories,
                    failedStudies + other.failedStudies);
        }
    }

    public Swept sweep() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(retention);
        List<String> studies =
                database.fromTransaction(session -> session.createSelectionQuery(FINISHED_STUDIES, String.class)
                        .setParameter("receiving", StudyRecord.State.RECEIVING)
                        .setParameter("finished", List.of(JobRecord.State.DONE, JobRecord.State.SUPERSEDED))
                        .setParameter("cutoff", cutoff)
                        .getResultList());
        Swept total = new Swept(0, 0, 0, 0);
        for (String study : studies) {
            try {
                total = total.plus(database.fromTransaction(session -> purge(session, study, now, cutoff)));
            } catch (RuntimeException e) {
                // the class only: messages can quote paths and UIDs; the study is tried again next sweep
                log.warn(
                        "retention: a study could not be purged: {}",
                        e.getClass().getName());
                total = total.plus(new Swept(0, 0, 0, 1));
            }
        }
        log.info(
                "retention: {} finished studies older than {} days purged, {} spool files and {} result "
                        + "directories deleted, {} studies failed",
                total.studies(),
                retention.toDays(),
                total.spoolFiles(),
                total.resultDirectories(),
                total.failedStudies());
        return total;
    }

    /**
     * Files are deleted before the rows are marked and the transaction commits: a crash in between leaves rows
     * the next sweep completes, never a file nobody will delete.
     */
    private static Swept purge(Session session, String studyUid, Instant now, Instant cutoff) {
        // Locked so that a late arrival waits for this study to be purged, or is seen here and keeps it.
        StudyRecord study = session.find(StudyRecord.class, studyUid, LockModeType.PESSIMISTIC_WRITE);
        if (study.state == StudyRecord.State.RECEIVING || !study.lastReceivedAt.isBefore(cutoff)) {
            return new Swept(0, 0, 0, 0);
        }
        List<InstanceRecord> instances = session.createSelectionQuery(
                        "from InstanceRecord where studyInstanceUid = :s and purgedAt is null", InstanceRecord.class)
                .setParameter("s", studyUid)
                .getResultList();
        instances.forEach(i -> i.purgedAt = now);
        session.flush();
        // Spool files are named by content: one may also be another study's instance, which still needs it.
        Set<String> stillNeeded = new HashSet<>(session.createSelectionQuery("""
                        select i.contentSha256 from InstanceRecord i where i.purgedAt is null and i.contentSha256 in
                            (select o.contentSha256 from InstanceRecord o where o.studyInstanceUid = :s)""", String.class)
                .setParameter("s", studyUid)
                .getResultList());
        int spoolFiles = 0;
        for (InstanceRecord instance : instances) {
            if (!stillNeeded.contains(instance.contentSha256) && delete(Path.of(instance.path))) {
                spoolFiles++;
            }
        }
        List<JobRecord> jobs = session.createSelectionQuery("""
                        from JobRecord where studyInstanceUid = :s and resultDirectory is not null
                            and resultsPurgedAt is null""", JobRecord.class)
                .setParameter("s", studyUid)
                .getResultList();
        for (JobRecord job : jobs) {
            deleteTree(Path.of(job.resultDirectory));
            job.resultsPurgedAt = now;
        }
        return new Swept(1, spoolFiles, jobs.size(), 0);
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path directory) {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException alreadyGone) {
            // deleted by an operator, or by a sweep whose commit did not happen
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

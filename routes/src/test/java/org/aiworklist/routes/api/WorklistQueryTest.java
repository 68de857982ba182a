package org.aiworklist.routes.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.JobRecord;
import org.aiworklist.routes.persistence.StudyRecord;
import org.aiworklist.routes.persistence.TestJobs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The worklist's rows, filters, order and pages, on a real (in-memory H2) job-state database, filled once. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorklistQueryTest {
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
    private final Database database = new Database("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

    @BeforeAll
    void fill() {
        database.inTransaction(s -> {
            s.persist(study("2.25.1", "DOE^JANE", "ACC-1", 0, StudyRecord.State.COMPLETE));
            s.persist(study("2.25.2", "ROE^RICHARD", "100%", 1, StudyRecord.State.COMPLETE));
            s.persist(study("2.25.3", "POE^EDGAR", "ACC-3", 2, StudyRecord.State.RECEIVING));
            JobRecord first = job("2.25.1", "a", JobRecord.State.SUPERSEDED);
            s.persist(first);
            JobRecord second = job("2.25.1", "b", JobRecord.State.DONE);
            second.version = 2;
            second.supersedesJobId = first.id;
            second.doneAt = T0.plusSeconds(100);
            s.persist(second);
            s.persist(job("2.25.2", "c", JobRecord.State.FAILED));
        });
    }

    @AfterAll
    void close() {
        database.close();
    }

    @Test
    void aRowPerJobAndOneForAStudyWithoutJobsNewestFirst() {
        Map<String, Object> page = page(Map.of());

        assertEquals(4L, page.get("total"));
        assertEquals(List.of("RECEIVING", "FAILED", "SUPERSEDED", "DONE"), column(page, "state"));
        assertEquals(List.of("2.25.3", "2.25.2", "2.25.1", "2.25.1"), column(page, "studyInstanceUid"));
        Map<String, Object> done = rows(page).get(3);
        assertEquals(40.0, done.get("turnaroundSeconds"), "last image (08:01) to done (08:01:40)");
        assertEquals("DOE^JANE", done.get("patientName"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "state=DONE, 2.25.1",
        "state=RECEIVING, 2.25.3",
        "state=COMPLETE, ''",
        "q=jane, 2.25.1 2.25.1",
        "q=acc-3, 2.25.3",
        "q=%, 2.25.2",
        "q=100%, 2.25.2",
        "model=model, 2.25.2 2.25.1 2.25.1",
        "from=2026-12-01T08:05:00Z, 2.25.3 2.25.2",
        "to=2026-12-01T08:05:00Z, 2.25.1 2.25.1"
    })
    void filters(String filter, String studies) {
        String[] kv = filter.split("=", 2);
        List<Object> expected = studies.isEmpty() ? List.of() : List.of((Object[]) studies.split(" "));

        assertEquals(expected, column(page(Map.of(kv[0], kv[1])), "studyInstanceUid"));
    }

    @Test
    void sortedAndPagedWithoutRepeatsOrGaps() {
        Map<String, Object> first = page(Map.of("sort", "patient", "dir", "asc", "limit", "2"));
        Map<String, Object> second = page(Map.of("sort", "patient", "dir", "asc", "limit", "2", "offset", "2"));

        assertEquals(4L, first.get("total"));
        assertEquals(List.of("DOE^JANE", "DOE^JANE"), column(first, "patientName"));
        assertEquals(List.of("POE^EDGAR", "ROE^RICHARD"), column(second, "patientName"));
    }

    @ParameterizedTest
    @CsvSource({"sort=name", "dir=up", "limit=0", "limit=201", "offset=-1", "state=LOST", "from=yesterday"})
    void aBadParameterIsA400NamingIt(String parameter) {
        String[] kv = parameter.split("=", 2);

        ApiRefusal refusal = assertThrows(ApiRefusal.class, () -> page(Map.of(kv[0], kv[1])));
        assertEquals(400, refusal.status());
        assertEquals(true, refusal.getMessage().startsWith(kv[0]), refusal.getMessage());
    }

    private Map<String, Object> page(Map<String, String> request) {
        WorklistQuery query = new WorklistQuery(request);
        return database.fromTransaction(query::run);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("rows");
    }

    private static List<Object> column(Map<String, Object> page, String name) {
        return rows(page).stream().map(r -> r.get(name)).toList();
    }

    private static StudyRecord study(String uid, String name, String accession, int minute, StudyRecord.State state) {
        StudyRecord study = new StudyRecord();
        study.studyInstanceUid = uid;
        study.patientName = name;
        study.patientId = "PID-" + uid;
        study.accessionNumber = accession;
        study.state = state;
        study.firstReceivedAt = T0.plusSeconds(600L * minute);
        study.lastReceivedAt = study.firstReceivedAt.plusSeconds(60);
        return study;
    }

    private static JobRecord job(String study, String inputs, JobRecord.State state) {
        JobRecord job = TestJobs.job(study, inputs, state);
        job.version = 1;
        job.createdAt = T0;
        return job;
    }
}

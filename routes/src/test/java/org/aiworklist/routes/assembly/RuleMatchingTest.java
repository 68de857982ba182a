package org.aiworklist.routes.assembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aiworklist.dicom.InstanceAttributes;
import org.aiworklist.dicom.ReceivedInstance;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.aiworklist.routes.persistence.Database;
import org.aiworklist.routes.persistence.IngestIndex;
import org.aiworklist.routes.persistence.JobRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules on any attribute, against a real (in-memory H2) index: the attributes of each series' first instance are
 * indexed as received, and assembly matches body part, a series description by regular expression, the sender's AE
 * title and the patient's age (from Patient's Age, or from the birth and study dates); each matching rule's models
 * make jobs with the rule's priority, triage classifiers marked.
 */
class RuleMatchingTest {
    private static final String RULES = """
            rules:
              - name: lung-screening
                match:
                  modality: CT
                  BodyPartExamined: CHEST
                  SeriesDescription: {regex: "(?i).*lung.*"}
                models: [triage, nodules]
                priority: HIGH
              - name: emergency-elderly
                match:
                  callingAeTitle: [CT_ER, CT_ER2]
                  PatientAge: {min: 70}
                models: [fractures]
                priority: STAT
              - name: head
                match: {BodyPartExamined: HEAD}
                models: [brain]
            """;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);
    private NodeConfiguration config;
    private Database database;
    private IngestIndex index;
    private StudyAssembly assembly;

    @BeforeEach
    void setUp(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        String defaults = Files.readString(Path.of("../conf/aiworklist.yaml"));
        Files.writeString(file, defaults.substring(0, defaults.indexOf("\nrules:")) + "\n" + RULES);
        config = ConfigurationLoader.load(
                file, Map.of("AIWORKLIST_DATABASE_JDBCURL", "jdbc:h2:mem:" + UUID.randomUUID()));
        database = new Database(config.database().jdbcUrl(), "sa", "");
        index = new IngestIndex(database, clock, true, 500);
        assembly = new StudyAssembly(database, config, id -> "1.0.0", "triage"::equals, clock);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void bodyPartAndDescriptionPatternSelectTheRuleAndItsPriority() {
        send("study-1", "series-1", "CT1", attributes("CHEST", "Lung 1.0 B60f", "045Y"));
        assertEquals(
                List.of("lung-screening/triage/HIGH/triage", "lung-screening/nodules/HIGH/-"),
                jobs(assembly.completeReadyStudies()));
        JobRecord job = database.fromTransaction(
                s -> s.createSelectionQuery("from JobRecord where modelId = 'nodules'", JobRecord.class)
                        .getSingleResult());
        assertEquals("rule lung-screening", job.priorityReason);
    }

    @Test
    void aDescriptionOutsideThePatternMakesNoJob() {
        send("study-2", "series-2", "CT1", attributes("CHEST", "Abdomen 5.0", "045Y"));
        assertEquals(List.of(), assembly.completeReadyStudies());
    }

    @Test
    void senderAndAgeWorkedOutFromTheDatesMatch() {
        Map<String, String> elderly = attributes("PELVIS", "Pelvis bone", null);
        elderly.put("PatientBirthDate", "19500301");
        elderly.put("StudyDate", "20261128");
        send("study-3", "series-3", "CT_ER", elderly);
        assertEquals(List.of("emergency-elderly/fractures/STAT/-"), jobs(assembly.completeReadyStudies()));

        Map<String, String> younger = attributes("PELVIS", "Pelvis bone", "069Y");
        send("study-4", "series-4", "CT_ER", younger);
        assertEquals(List.of(), assembly.completeReadyStudies(), "69 years: below the rule's minimum");

        send("study-5", "series-5", "CT1", attributes("PELVIS", "Pelvis bone", "081Y"));
        assertEquals(List.of(), assembly.completeReadyStudies(), "another sender");
    }

    @Test
    void theRuleRunsOnTheSeriesThatMatchesItNotTheLargest() {
        send("study-6", "series-6a", "CT1", attributes("CHEST", "Topogram", "045Y"), 9);
        send("study-6", "series-6b", "CT1", attributes("CHEST", "Lung thin", "045Y"), 6);
        assertEquals(2, assembly.completeReadyStudies().size());
        IndexedSeries selected = database.fromTransaction(s -> IndexedSeries.ofStudy(s, "study-6")).stream()
                .filter(x -> x.record().seriesInstanceUid.equals("series-6b"))
                .findFirst()
                .orElseThrow();
        assertEquals("Lung thin", selected.text("SeriesDescription").orElseThrow());
        assertEquals("CT1", selected.callingAeTitle().orElseThrow());
        assertEquals("series-6b", database.fromTransaction(s -> StudyAssembly.selectSeries(
                        lungRule(), IndexedSeries.ofStudy(s, "study-6"))
                .orElseThrow()
                .seriesInstanceUid));
    }

    @Test
    void aSeriesIndexedBeforeAttributesWereKeptAnswersFromItsRow() {
        send("study-7", "series-7", "CT1", Map.of(), 6);
        IndexedSeries series = database.fromTransaction(s -> IndexedSeries.ofStudy(s, "study-7"))
                .get(0);
        assertEquals("CT", series.text("Modality").orElseThrow());
        assertEquals("chest", series.text("SeriesDescription").orElseThrow());
        assertEquals("1.0", series.text("SliceThickness").orElseThrow());
        assertFalse(series.text("BodyPartExamined").isPresent());
        assertFalse(lungRule().match().matches(series), "no body part: the rule does not match");
    }

    private NodeConfiguration.Rule lungRule() {
        return config.rules().stream()
                .filter(r -> r.name().equals("lung-screening"))
                .findFirst()
                .orElseThrow();
    }

    /** rule/model/priority/triage of each job, in id order. */
    private List<String> jobs(List<Long> ids) {
        return database.fromTransaction(s -> ids.stream()
                .map(id -> s.find(JobRecord.class, id))
                .map(j -> j.ruleName + "/" + j.modelId + "/" + j.priority + "/" + (j.triage ? "triage" : "-"))
                .toList());
    }

    private static Map<String, String> attributes(String bodyPart, String description, String age) {
        Map<String, String> text = new HashMap<>();
        text.put("Modality", "CT");
        text.put("BodyPartExamined", bodyPart);
        text.put("SeriesDescription", description);
        if (age != null) {
            text.put("PatientAge", age);
        }
        return text;
    }

    private void send(String study, String series, String callingAe, Map<String, String> text) {
        send(study, series, callingAe, text, 6);
    }

    /** A complete series: Images in Acquisition says how many, so assembly need not wait. */
    private void send(String study, String series, String callingAe, Map<String, String> text, int count) {
        for (int i = 1; i <= count; i++) {
            index.accept(new ReceivedInstance(
                    Path.of("/nonexistent/" + series + "-" + i),
                    callingAe,
                    "127.0.0.1",
                    "1.2.840.10008.1.2.1",
                    new InstanceAttributes(
                            "1.2.840.10008.5.1.4.1.1.2",
                            series + "." + i,
                            series,
                            study,
                            "PID",
                            "DOE^JANE",
                            "ACC-1",
                            "CT CHEST",
                            "CT",
                            text.getOrDefault("SeriesDescription", "chest"),
                            1,
                            i,
                            1.0,
                            new double[] {1, 0, 0, 0, 1, 0},
                            count,
                            null,
                            text),
                    series + "-" + i,
                    100));
        }
    }
}

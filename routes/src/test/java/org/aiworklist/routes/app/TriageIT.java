package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aiworklist.common.phantom.PhantomSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triage end to end, with real peers: dcmtk storescu sends six chest CTs, dcmtk storescp is the PACS. The rule runs
 * the triage classifier ("a nodule of 8 mm or more") and the nodule detector on each. Five studies are routine (small
 * nodules only) and complete first, so their ten jobs wait in the queue; then a study with large nodules completes.
 * Triage classifiers run first at equal priority: once the routine studies are triaged, the positive study's
 * classifier finds it positive and the study becomes STAT while the routine detector jobs still wait; its results
 * reach the PACS before those of every routine job that was waiting then.
 *
 * <p>The senders announce no image count, so each study completes when an operator says so (POST
 * /api/studies/{uid}/complete): the test decides when the studies queue, not the speed of the machine.
 */
class TriageIT {
    private static final String PACS_AE = "TRIAGEPACS";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aPositiveStudyOvertakesTheRoutineOnesWaiting(@TempDir Path dir) throws Exception {
        int pacsPort = NodeHarness.freePort();
        Path received = Files.createDirectories(dir.resolve("pacs"));
        NodeHarness harness = new NodeHarness(dir, PACS_AE, pacsPort);
        harness.rules("""
                rules:
                  - name: chest-ct-triage
                    match: {modality: CT, BodyPartExamined: CHEST}
                    requiredSeries: {orientation: AXIAL, maxSliceThicknessMm: 2.5, minSlices: 50}
                    models: [demo-chest-triage, demo-lung-nodule]
                    destinations: [pacs]
                """);
        harness.env.put("AIWORKLIST_ASSEMBLY_QUIETPERIODSECONDS", "3600");
        List<SyntheticStudy> routine = new ArrayList<>();
        for (long seed = 1; seed <= 5; seed++) {
            routine.add(study(harness, 97_000 + seed, 4, 6));
        }
        SyntheticStudy positive = study(harness, 97_100, 10, 14);

        Process pacs = NodeHarness.dcmtk(
                "storescp", "-aet", PACS_AE, "-od", received.toString(), "+xa", String.valueOf(pacsPort));
        try (NodeApplication node = new NodeApplication(harness.config())) {
            node.start();
            for (SyntheticStudy s : routine) {
                harness.send(s, node.dicomPort());
            }
            harness.send(positive, node.dicomPort());
            // an operator completes a study whose images are in: every acknowledged instance indexed first
            assertTrue(node.awaitIndexed(Duration.ofSeconds(60)), "every acknowledged instance indexed");

            for (SyntheticStudy s : routine) {
                complete(harness, s);
            }
            awaitJobs(harness, 10, Duration.ofMinutes(1));
            complete(harness, positive);
            // the moment the classifier's verdict made the study STAT: what still waits then must come after it
            List<JsonNode> atEscalation = awaitStat(harness, positive, Duration.ofMinutes(3));
            List<Long> waiting = atEscalation.stream()
                    .filter(j -> !j.path("studyInstanceUid").asText().equals(positive.studyInstanceUid()))
                    .filter(j -> j.path("state").asText().equals("QUEUED"))
                    .map(j -> j.path("id").asLong())
                    .toList();
            assertTrue(
                    waiting.size() >= 3,
                    "routine detector jobs still wait when the positive study becomes STAT (the classifiers run first):"
                            + " " + waiting);

            List<JsonNode> jobs = awaitAllDone(harness, 12, Duration.ofMinutes(7));
            Map<Long, JsonNode> byId = new HashMap<>();
            jobs.forEach(j -> byId.put(j.path("id").asLong(), j));
            List<JsonNode> positiveJobs = jobs.stream()
                    .filter(j -> j.path("studyInstanceUid").asText().equals(positive.studyInstanceUid()))
                    .toList();
            assertEquals(2, positiveJobs.size());
            for (JsonNode j : positiveJobs) {
                assertEquals("STAT", j.path("priority").asText(), j.toString());
                assertTrue(
                        j.path("priorityReason").asText().startsWith("triage demo-chest-triage: nodule-8mm present"),
                        j.toString());
            }
            jobs.stream()
                    .filter(j -> !j.path("studyInstanceUid").asText().equals(positive.studyInstanceUid()))
                    .forEach(j -> assertEquals("ROUTINE", j.path("priority").asText(), j.toString()));

            Instant positiveDelivered = positiveJobs.stream()
                    .map(TriageIT::sentAt)
                    .max(Instant::compareTo)
                    .orElseThrow();
            for (long id : waiting) {
                assertTrue(
                        sentAt(byId.get(id)).isAfter(positiveDelivered),
                        "routine job " + id + " was waiting, yet reached the PACS (" + sentAt(byId.get(id))
                                + ") before the positive study's results (" + positiveDelivered + ")");
            }
            Map<String, Integer> filesPerStudy = filesPerStudy(received, 6 * 2 + 6 * 2, Duration.ofSeconds(30));
            assertTrue(
                    filesPerStudy.getOrDefault(positive.studyInstanceUid(), 0) >= 6,
                    "the positive study's SR and SC from the classifier, SR, SC, GSPS and KOS from the detector: "
                            + filesPerStudy);
            for (SyntheticStudy s : routine) {
                assertTrue(filesPerStudy.getOrDefault(s.studyInstanceUid(), 0) >= 4, "routine results received");
            }
        } finally {
            pacs.destroy();
            pacs.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A chest CT whose nodules are of the given sizes, without Images in Acquisition (dcmtk's dcmodify). */
    private static SyntheticStudy study(NodeHarness harness, long seed, double minMm, double maxMm) throws Exception {
        SyntheticStudy study = SyntheticStudy.write(
                PhantomSpec.defaults().withSlices(60).withSeed(seed).withNodules(3, minMm, maxMm),
                harness.dir.resolve("study-" + seed),
                "2.25");
        List<String> command = new ArrayList<>(List.of("dcmodify", "-nb", "-ea", "(0020,1002)"));
        study.files().forEach(f -> command.add(f.toString()));
        Process p = NodeHarness.dcmtk(command.toArray(String[]::new));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dcmodify finished");
        assertEquals(0, p.exitValue(), "dcmodify removed Images in Acquisition");
        return study;
    }

    private static void complete(NodeHarness harness, SyntheticStudy study) throws Exception {
        assertEquals(
                200,
                harness.post("/api/studies/" + study.studyInstanceUid() + "/complete")
                        .statusCode());
    }

    /** Polls GET /api/jobs until at least {@code count} jobs exist; returns them as they were then. */
    private static List<JsonNode> awaitJobs(NodeHarness harness, int count, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonNode> jobs = List.of();
        while (Instant.now().isBefore(deadline)) {
            jobs = list(harness);
            if (jobs.size() >= count) {
                return jobs;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + count + " jobs, got " + jobs.size() + ": " + jobs);
    }

    /** Polls GET /api/jobs until every job of the study is STAT; returns all jobs as they were then. */
    private static List<JsonNode> awaitStat(NodeHarness harness, SyntheticStudy study, Duration timeout)
            throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonNode> jobs = List.of();
        while (Instant.now().isBefore(deadline)) {
            jobs = list(harness);
            List<JsonNode> ofStudy = jobs.stream()
                    .filter(j -> j.path("studyInstanceUid").asText().equals(study.studyInstanceUid()))
                    .toList();
            if (ofStudy.size() == 2
                    && ofStudy.stream()
                            .allMatch(j -> j.path("priority").asText().equals("STAT"))) {
                return jobs;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the positive study never became STAT: " + jobs);
    }

    private static List<JsonNode> awaitAllDone(NodeHarness harness, int count, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonNode> jobs = List.of();
        while (Instant.now().isBefore(deadline)) {
            jobs = list(harness);
            if (jobs.size() == count
                    && jobs.stream().allMatch(j -> j.path("state").asText().equals("DONE"))) {
                return jobs;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("jobs not all DONE: " + jobs);
    }

    private static List<JsonNode> list(NodeHarness harness) throws Exception {
        List<JsonNode> jobs = new ArrayList<>();
        JSON.readTree(harness.get("/api/jobs")).forEach(jobs::add);
        return jobs;
    }

    /** When the PACS acknowledged the job's results (its one destination). */
    private static Instant sentAt(JsonNode job) {
        return Instant.parse(job.path("exports").get(0).path("sentAt").asText());
    }

    /** Files storescp received, per Study Instance UID, once at least {@code atLeast} are there. */
    private static Map<String, Integer> filesPerStudy(Path folder, int atLeast, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        List<Path> files = List.of();
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> list = Files.list(folder)) {
                files = list.filter(Files::isRegularFile).toList();
            }
            if (files.size() >= atLeast) {
                break;
            }
            Thread.sleep(200);
        }
        Thread.sleep(500); // let storescp finish writing the last file
        Map<String, Integer> perStudy = new HashMap<>();
        for (Path f : files) {
            perStudy.merge(DicomTags.read(f).get("StudyInstanceUID"), 1, Integer::sum);
        }
        return perStudy;
    }
}

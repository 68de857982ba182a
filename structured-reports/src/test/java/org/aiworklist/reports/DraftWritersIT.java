package org.aiworklist.reports;

import static org.aiworklist.reports.SrTree.child;
import static org.aiworklist.reports.SrTree.children;
import static org.aiworklist.reports.SrTree.items;
import static org.aiworklist.reports.SrTree.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.validate.DicomSRValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.GeneratedDraft;
import org.aiworklist.reports.SecondaryCaptureWriter.Layout;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.draft.DraftStatement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Writes draft reports (SR and SC pages in both layouts) for a CT study with a plain text, one with the kind of text
 * a random-weight model emits (scripts mixed, control characters, very long words) and a GB18030 patient, then reads
 * them back and runs dciodvfy and PixelMed's SR validator on every object. Outputs stay under target/draft-writers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DraftWritersIT {
    static final AlgorithmIdentity MEDGEMMA = new AlgorithmIdentity(
            "medgemma-draft",
            "MedGemma 1.5 4B draft report",
            "1.5.0",
            "Google (model), run by the hospital",
            "ab".repeat(32),
            "AI-generated draft, not verified by a physician",
            List.of("serving=vllm", "promptSha256=" + "ab".repeat(32)));
    static final String SERVED = "google/medgemma-1.5-4b-it";
    static final String PROMPT_SHA = "ab".repeat(32);

    /** One written case. */
    record Case(GeneratedDraft draft, List<SourceInstance> sources, WrittenObject sr, List<WrittenObject> pages) {}

    final Map<String, Case> cases = new LinkedHashMap<>();
    final Path out = Path.of("target", "draft-writers");

    @BeforeAll
    void writeAll() throws IOException {
        Path src = out.resolve("sources");
        SyntheticSources.Series ct = SyntheticSources.ct(
                src.resolve("ct"),
                new SyntheticSources.Patient("draft-ct", null, "Test^Draft", "SYN-D1", "CHEST"),
                12,
                new int[][] {{64, 70, 6}});
        SyntheticSources.Series gb = SyntheticSources.ct(
                src.resolve("gb"),
                new SyntheticSources.Patient("draft-gb", "GB18030", "Wang^XiaoMing=王^小明", "SYN-D2", "CHEST"),
                3,
                new int[0][]);
        write(
                "plain",
                ct,
                "A 6 mm solid nodule in the right upper lobe (slice 7).\nNo pleural effusion.",
                "Single small pulmonary nodule; follow-up per guidelines.");
        String noise = "ERRYπων концеп alegre 喃喃喃 ৃশ궈 \u0001\u0007 Remembrance\r\n".repeat(60) + "x".repeat(3000);
        write("random-weights", ct, noise, "匯 Remembrance ൃശ궈");
        write("gb18030", gb, "No nodule seen.", "Normal study.");
    }

    private void write(String name, SyntheticSources.Series series, String findings, String impression)
            throws IOException {
        GeneratedDraft draft =
                new GeneratedDraft(MEDGEMMA, SERVED, "vllm", PROMPT_SHA, findings, impression, series.refs());
        ResultIdentity id = new ResultIdentity(ResultWritersIT.ROOT, "draft-job-" + name, 1, null);
        Path dir = out.resolve(name);
        WrittenObject sr = new DraftReportWriter(ResultWritersIT.DEVICE)
                .write(draft, series.instances(), id, dir.resolve("sr.dcm"));
        List<WrittenObject> pages = new ArrayList<>();
        DraftPageWriter pageWriter = new DraftPageWriter(ResultWritersIT.DEVICE);
        pages.addAll(pageWriter.write(draft, series.instances(), id, Layout.MULTI_FRAME_TRUE_COLOR, dir.resolve("mf")));
        pages.addAll(pageWriter.write(draft, series.instances(), id, Layout.SINGLE_FRAME, dir.resolve("sf")));
        cases.put(name, new Case(draft, series.instances(), sr, pages));
    }

    @Test
    void srIsAnUnverifiedPreliminaryEnhancedSrInItsOwnSeriesOfTheSourceStudy() throws Exception {
        for (Case c : cases.values()) {
            AttributeList sr = read(c.sr().file());
            assertEquals(SOPClass.EnhancedSRStorage, string(sr, TagFromName.SOPClassUID));
            assertEquals("UNVERIFIED", string(sr, TagFromName.VerificationFlag));
            assertEquals("PRELIMINARY", string(sr, Attrs.PRELIMINARY_FLAG));
            assertEquals("PARTIAL", string(sr, TagFromName.CompletionFlag));
            assertEquals(c.draft().imagesSent().get(0).studyInstanceUid(), string(sr, TagFromName.StudyInstanceUID));
            assertTrue(!c.draft()
                    .imagesSent()
                    .get(0)
                    .seriesInstanceUid()
                    .equals(string(sr, TagFromName.SeriesInstanceUID)));
            assertEquals("9911", string(sr, TagFromName.SeriesNumber));
        }
    }

    @Test
    void tid2000HasFindingsAndImpressionTextsEachOpeningWithTheDraftStatement() throws Exception {
        for (Map.Entry<String, Case> e : cases.entrySet()) {
            AttributeList sr = read(e.getValue().sr().file());
            assertEquals("18748-4", SrTree.conceptValue(sr));
            assertEquals(
                    "2000",
                    string(items(sr, TagFromName.ContentTemplateSequence).get(0), TagFromName.TemplateIdentifier));
            AttributeList finding = child(child(sr, "121070"), "121071");
            AttributeList impression = child(child(sr, "121072"), "121073");
            for (AttributeList text : List.of(finding, impression)) {
                assertEquals("TEXT", string(text, TagFromName.ValueType));
                String value = Attribute.getSingleStringValueOrNull(text, TagFromName.TextValue);
                assertTrue(value.startsWith(DraftStatement.TEXT), e.getKey() + ": " + value);
            }
            String findings = Attribute.getSingleStringValueOrNull(finding, TagFromName.TextValue);
            assertTrue(
                    findings.contains(e.getValue()
                            .draft()
                            .findings()
                            .lines()
                            .findFirst()
                            .orElseThrow()
                            .strip()
                            .replace("\u0001", "")
                            .replace("\u0007", "")),
                    "the model's text follows the statement: " + e.getKey());
            assertTrue(findings.chars().noneMatch(ch -> ch < 0x20 && ch != '\r' && ch != '\n' && ch != '\t'));
        }
    }

    @Test
    void deviceObserverNamesTheModelItsVersionTheServingKindAndThePromptHash() throws Exception {
        AttributeList sr = read(cases.get("plain").sr().file());
        assertEquals(
                "121007",
                string(
                        items(child(sr, "121005"), TagFromName.ConceptCodeSequence)
                                .get(0),
                        TagFromName.CodeValue));
        String name = Attribute.getSingleStringValueOrNull(child(sr, "121013"), TagFromName.TextValue);
        String model = Attribute.getSingleStringValueOrNull(child(sr, "121015"), TagFromName.TextValue);
        assertEquals("MedGemma 1.5 4B draft report 1.5.0", name);
        assertTrue(model.contains(SERVED) && model.contains("vllm") && model.contains(PROMPT_SHA), model);
    }

    @Test
    void evidenceListsExactlyTheImagesSent() throws Exception {
        for (Case c : cases.values()) {
            AttributeList sr = read(c.sr().file());
            List<String> referenced = new ArrayList<>();
            for (AttributeList study : items(sr, TagFromName.CurrentRequestedProcedureEvidenceSequence)) {
                for (AttributeList series : items(study, TagFromName.ReferencedSeriesSequence)) {
                    items(series, TagFromName.ReferencedSOPSequence)
                            .forEach(i -> referenced.add(string(i, TagFromName.ReferencedSOPInstanceUID)));
                }
            }
            assertEquals(
                    c.draft().imagesSent().stream()
                            .map(org.aiworklist.common.ImageReference::sopInstanceUid)
                            .toList(),
                    referenced);
        }
    }

    @Test
    void longTextContinuesOnMorePagesAndEachLayoutHasItsOwnSeries() throws Exception {
        Case noisy = cases.get("random-weights");
        AttributeList multi = read(noisy.pages().get(0).file());
        int frames = Attribute.getSingleIntegerValueOrDefault(multi, TagFromName.NumberOfFrames, 1);
        assertTrue(frames > 1, "a long draft is not cut: " + frames + " pages");
        assertEquals(frames + 1, noisy.pages().size(), "one multi-frame object, then one object per page");
        assertEquals("9912", string(multi, TagFromName.SeriesNumber));
        assertEquals("9913", string(read(noisy.pages().get(1).file()), TagFromName.SeriesNumber));
        assertEquals("NO", string(multi, TagFromName.BurnedInAnnotation), "no patient identity is drawn");
        assertEquals(
                noisy.draft().imagesSent().size(),
                items(multi, TagFromName.SourceImageSequence).size());
    }

    @Test
    void textTheSourceCharacterSetCannotCarryIsWrittenInUtf8() throws Exception {
        AttributeList sr = read(cases.get("random-weights").sr().file());
        assertEquals("ISO_IR 192", string(sr, TagFromName.SpecificCharacterSet));
        AttributeList gb = read(cases.get("gb18030").sr().file());
        assertEquals("GB18030", string(gb, TagFromName.SpecificCharacterSet), "kept where it can carry the text");
    }

    @Test
    void dciodvfyFindsNoErrors() throws Exception {
        assertTrue(Dciodvfy.available(), "dciodvfy missing: ./aiworklist test installs the dicom3tools package");
        List<String> failures = new ArrayList<>();
        for (Case c : cases.values()) {
            List<Path> files = new ArrayList<>(List.of(c.sr().file()));
            c.pages().forEach(p -> files.add(p.file()));
            for (Path file : files) {
                for (String line : Dciodvfy.run(file)) {
                    if (line.startsWith("Error")) {
                        failures.add(file + ": " + line);
                    } else if (line.startsWith("Warning")) {
                        System.out.println("dciodvfy " + file + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void pixelmedSrValidatorFindsNoErrors() throws Exception {
        DicomSRValidator validator = new DicomSRValidator();
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Case> e : cases.entrySet()) {
            String report = validator.validate(read(e.getValue().sr().file()));
            report.lines()
                    .filter(l -> !l.isBlank())
                    .forEach(l -> System.out.println("SR validator " + e.getKey() + ": " + l));
            assertTrue(report.contains("TID_2000") || report.contains("2000"), "the validator checked TID 2000");
            report.lines().filter(l -> l.contains("Error")).forEach(l -> failures.add(e.getKey() + ": " + l));
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void theSupersedingDraftNamesTheEarlierOne() throws Exception {
        Case plain = cases.get("plain");
        ResultIdentity v2 = new ResultIdentity(
                ResultWritersIT.ROOT,
                "draft-job-plain",
                2,
                plain.sr().sopInstanceUid(),
                plain.sr().seriesInstanceUid());
        WrittenObject sr = new DraftReportWriter(ResultWritersIT.DEVICE)
                .write(plain.draft(), plain.sources(), v2, out.resolve("plain").resolve("sr-v2.dcm"));
        AttributeList list = read(sr.file());
        AttributeList study =
                items(list, TagFromName.PredecessorDocumentsSequence).get(0);
        AttributeList series =
                items(study, TagFromName.ReferencedSeriesSequence).get(0);
        assertEquals(
                plain.sr().sopInstanceUid(),
                string(items(series, TagFromName.ReferencedSOPSequence).get(0), TagFromName.ReferencedSOPInstanceUID));
        assertTrue(!sr.sopInstanceUid().equals(plain.sr().sopInstanceUid()));
        assertEquals(
                List.of(),
                children(list).stream()
                        .filter(c -> c.get(TagFromName.ValueType) == null)
                        .toList());
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }
}

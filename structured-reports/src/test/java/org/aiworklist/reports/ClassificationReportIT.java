package org.aiworklist.reports;

import static org.aiworklist.reports.SrTree.child;
import static org.aiworklist.reports.SrTree.children;
import static org.aiworklist.reports.SrTree.childrenWithConcept;
import static org.aiworklist.reports.SrTree.items;
import static org.aiworklist.reports.SrTree.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.validate.DicomSRValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.ClassVerdict;
import org.aiworklist.common.Classification;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.InferenceResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A classifier's result as the node writes it: in the SR, TID 1500 Qualitative Evaluations with each label's finding
 * coded Present or Absent, the probability as its property and a sentence with threshold and algorithm; in the SC,
 * the verdicts on the summary frame. dciodvfy and PixelMed's SR validator find no error in any of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClassificationReportIT {
    private static final CodedConcept NODULE = new CodedConcept("786838002", "SCT", "Pulmonary nodule");
    private static final CodedConcept CALCIFICATION = new CodedConcept("82650004", "SCT", "Calcification");

    private final Path out = Path.of("target", "classification-reports");
    private final List<Path> written = new ArrayList<>();
    private AttributeList positive;
    private AttributeList negative;

    @BeforeAll
    void writeBoth() throws Exception {
        SyntheticSources.Series ct = SyntheticSources.ct(
                out.resolve("sources"),
                new SyntheticSources.Patient("ct", null, "Test^Triage", "SYN-9", "CHEST"),
                12,
                new int[0][]);
        positive = write(
                "positive",
                new Classification(
                        Classification.Scope.STUDY,
                        List.of(
                                new ClassVerdict("nodule-8mm", NODULE, "pulmonary nodule of 8 mm or more", 0.93, 0.5),
                                new ClassVerdict("calcified", CALCIFICATION, "calcified nodule", 0.2, 0.9))),
                ct);
        negative = write(
                "negative",
                new Classification(
                        Classification.Scope.SERIES,
                        List.of(new ClassVerdict("nodule-8mm", NODULE, "pulmonary nodule of 8 mm or more", 0.04, 0.5))),
                ct);
    }

    private AttributeList write(String name, Classification classification, SyntheticSources.Series ct)
            throws Exception {
        Path dir = out.resolve(name);
        InferenceResult result = new InferenceResult(ResultWritersIT.ALGORITHM, classification, ct.refs());
        ResultIdentity id = new ResultIdentity(ResultWritersIT.ROOT, "job/classification/" + name, 1, null);
        WrittenObject sr = new StructuredReportWriter(ResultWritersIT.DEVICE)
                .write(result, ct.instances(), id, dir.resolve("sr.dcm"));
        written.add(sr.file());
        new SecondaryCaptureWriter(ResultWritersIT.DEVICE)
                .write(result, ct.instances(), id, SecondaryCaptureWriter.Layout.MULTI_FRAME_TRUE_COLOR, dir)
                .forEach(w -> written.add(w.file()));
        return ResultWritersIT.read(sr.file());
    }

    @Test
    void eachLabelIsAFindingCodedPresentOrAbsentWithItsProbability() {
        assertTrue(childrenWithConcept(positive, "126010").isEmpty(), "no measurements: a classifier measures nothing");
        AttributeList evaluations = child(positive, "C0034375");
        List<AttributeList> codes = children(evaluations).stream()
                .filter(i -> "CODE".equals(string(i, TagFromName.ValueType)))
                .toList();
        assertEquals(
                List.of("786838002", "82650004"),
                codes.stream().map(SrTree::conceptValue).toList());
        assertEquals(
                List.of("52101004", "2667000"),
                codes.stream().map(ClassificationReportIT::value).toList());
        assertEquals("HAS PROPERTIES", string(child(codes.get(0), "111012"), TagFromName.RelationshipType));
        assertEquals(0.93, probability(codes.get(0)), 1e-9);
        assertEquals(0.2, probability(codes.get(1)), 1e-9);
        List<String> sentences = childrenWithConcept(evaluations, "121071").stream()
                .filter(i -> "TEXT".equals(string(i, TagFromName.ValueType)))
                .map(i -> string(i, TagFromName.TextValue).strip())
                .toList();
        assertEquals(
                List.of(
                        "Pulmonary nodule of 8 mm or more: present in the study (probability 0.93, threshold 0.50), by"
                                + " Synthetic Lung Nodule Detector 1.2.0",
                        "Calcified nodule: absent in the study (probability 0.20, threshold 0.90), by Synthetic Lung"
                                + " Nodule Detector 1.2.0"),
                sentences);

        AttributeList single = child(negative, "C0034375");
        assertEquals("2667000", value(child(single, "786838002")));
        assertTrue(
                string(childrenWithConcept(single, "121071").get(0), TagFromName.TextValue)
                        .contains("absent in the series analysed"),
                "a series-scope verdict says so");
    }

    @Test
    void dciodvfyFindsNoErrors() throws Exception {
        assertTrue(Dciodvfy.available(), "dciodvfy missing: ./aiworklist test installs the dicom3tools package");
        List<String> errors = new ArrayList<>();
        for (Path file : written) {
            Dciodvfy.run(file).stream().filter(l -> l.startsWith("Error")).forEach(l -> errors.add(file + ": " + l));
        }
        assertEquals(4, written.size(), "an SR and an SC per result");
        assertEquals(List.of(), errors);
    }

    @Test
    void pixelmedSrValidatorFindsNoErrors() throws Exception {
        DicomSRValidator validator = new DicomSRValidator();
        List<String> errors = new ArrayList<>();
        for (AttributeList sr : List.of(positive, negative)) {
            String report = validator.validate(sr);
            report.lines().filter(l -> !l.isBlank()).forEach(l -> System.out.println("SR validator: " + l));
            report.lines().filter(l -> l.contains("Error")).forEach(errors::add);
        }
        assertEquals(List.of(), errors);
    }

    private static String value(AttributeList code) {
        return string(items(code, TagFromName.ConceptCodeSequence).get(0), TagFromName.CodeValue);
    }

    private static double probability(AttributeList code) {
        return Double.parseDouble(string(
                items(child(code, "111012"), TagFromName.MeasuredValueSequence).get(0), TagFromName.NumericValue));
    }
}

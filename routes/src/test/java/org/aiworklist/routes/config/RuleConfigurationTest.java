package org.aiworklist.routes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.aiworklist.common.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule's match and priority as written: read into conditions, and every bad rule refused in one line naming it. */
class RuleConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void conditionsOnAnyAttributeAreRead() throws IOException {
        NodeConfiguration.Rule rule = rule("""
                    match:
                      modality: CT
                      bodypartexamined: [CHEST, THORAX]
                      SeriesDescription: {regex: "(?i).*lung.*"}
                      PatientAge: {min: 18, max: 90}
                      callingAeTitle: CT_1
                    priority: stat
                """);
        assertEquals(Priority.STAT, rule.priority());
        assertEquals(
                java.util.List.of("Modality", "BodyPartExamined", "SeriesDescription", "PatientAge", "callingAeTitle"),
                rule.match().conditions().stream()
                        .map(RuleMatch.Condition::keyword)
                        .toList(),
                "keywords in any case become PS3.6's");
        Map<String, String> text = Map.of(
                "Modality", "CT",
                "BodyPartExamined", "THORAX",
                "SeriesDescription", "Thorax LUNG 1mm",
                "PatientAge", "045Y");
        assertTrue(rule.match().matches(facts(text, "CT_1")));
        assertEquals(false, rule.match().matches(facts(text, "CT_2")), "another sender");
        assertEquals(
                false,
                rule.match().matches(facts(Map.of("Modality", "CT", "BodyPartExamined", "CHEST"), "CT_1")),
                "an absent attribute fails its condition");
        assertEquals(Priority.ROUTINE, rule("").priority(), "priority left out");
    }

    @Test
    void theTriageExampleLoads() {
        NodeConfiguration config = ConfigurationLoader.load(Path.of("../conf/examples/chest-triage.yaml"), Map.of());
        assertEquals(
                java.util.List.of("demo-chest-triage", "demo-lung-nodule"),
                config.rules().get(0).models());
        assertEquals(Priority.HIGH, config.rules().get(1).priority());
    }

    @Test
    void ageStringsAndNumbersCompareAsNumbers() {
        ValueCondition adults = new ValueCondition.Between(Optional.of(18.0), Optional.empty());
        assertTrue(adults.test("045Y"));
        assertEquals(false, adults.test("017Y"));
        assertEquals(false, adults.test("030M"), "30 months");
        assertTrue(new ValueCondition.Between(Optional.empty(), Optional.of(2.5)).test("1.25\\2"));
        assertTrue(new ValueCondition.AnyOf(java.util.List.of("1.0")).test("1"), "decimal strings compare as numbers");
        assertTrue(new ValueCondition.AnyOf(java.util.List.of("axial")).test("ORIGINAL\\PRIMARY\\AXIAL"));
        assertEquals(false, adults.test("unknown"));
    }

    @Test
    void aBadRuleStopsStartUpWithOneLineNamingIt() throws IOException {
        assertBad("    match: {BodyPartExamind: CHEST}\n", "rules[0].match.BodyPartExamind", "no DICOM attribute");
        assertBad("    match: {Rows: 512}\n", "rules[0].match.Rows", "(0028,0010)");
        assertBad("    match: {PatientName: DOE}\n", "rules[0].match.PatientName", "person names");
        assertBad("    match: {PatientID: X1}\n", "rules[0].match.PatientID", "patient identifiers");
        assertBad("    match: {ReferencedImageSequence: x}\n", "rules[0].match.ReferencedImageSequence", "sequences");
        assertBad(
                "    match: {SeriesDescription: {regex: \"(lung\"}}\n",
                "rules[0].match.SeriesDescription.regex",
                "not a regular expression");
        assertBad("    match: {BodyPartExamined: {min: 3}}\n", "rules[0].match.BodyPartExamined", "numbers");
        assertBad("    match: {PatientAge: {min: 80, max: 18}}\n", "rules[0].match.PatientAge", "above max");
        assertBad("    match: {PatientAge: {above: 80}}\n", "rules[0].match.PatientAge.above", "not a known key");
        assertBad("    match: {StationName: []}\n", "rules[0].match.StationName", "at least one value");
        assertBad("    priority: URGENT\n", "rules[0].priority", "one of [ROUTINE, HIGH, STAT]");
    }

    private void assertBad(String ruleLines, String key, String problem) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> rule(ruleLines));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        if (!key.endsWith("priority")) {
            assertTrue(e.getMessage().contains("rule 'r'"), "names the rule: " + e.getMessage());
        }
        assertEquals(1, e.getMessage().lines().count());
    }

    private NodeConfiguration.Rule rule(String lines) throws IOException {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, """
                device: {name: n, uidRoot: "1.2", applicationEntity: {aeTitle: NODE}, connection: {bindAddress: h, port: 104}}
                storage: {spool: s, quarantine: q, results: r}
                database: {jdbcUrl: "jdbc:h2:mem:x"}
                http: {bindAddress: 127.0.0.1, port: 8080}
                assembly: {quietPeriodSeconds: 5}
                models: {directory: m}
                rules:
                  - name: r
                    models: [a]
                """ + lines);
        return ConfigurationLoader.load(file, Map.of()).rules().get(0);
    }

    private static SeriesFacts facts(Map<String, String> text, String callingAe) {
        return new SeriesFacts() {
            @Override
            public Optional<String> text(String keyword) {
                return Optional.ofNullable(text.get(keyword));
            }

            @Override
            public Optional<String> callingAeTitle() {
                return Optional.of(callingAe);
            }
        };
    }
}

package org.aiworklist.reports.draft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aiworklist.reports.draft.Tid2000BasicDiagnosticImagingReport.Section;
import org.aiworklist.reports.sr.Codes;
import org.aiworklist.reports.sr.Tid1001ObservationContext;
import org.aiworklist.reports.sr.Tid1204Language;
import org.junit.jupiter.api.Test;

/** TID 2000 refuses what its template does not allow here, and a draft text is always opened by the statement. */
class Tid2000RulesTest {
    private static final Tid1001ObservationContext OBSERVER =
            new Tid1001ObservationContext("1.2.3.9", "model 1", "maker", "served");

    private static Tid2000BasicDiagnosticImagingReport report(List<Section> sections) {
        return new Tid2000BasicDiagnosticImagingReport(
                Tid1204Language.englishUs(), OBSERVER, Codes.procedureFor("CT"), sections);
    }

    @Test
    void aReportNeedsASection() {
        assertThrows(IllegalArgumentException.class, () -> report(List.of()));
    }

    @Test
    void aTextWithoutTheDraftStatementIsRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> report(List.of(new Section(Codes.FINDINGS, List.of("No nodule.")))));
    }

    @Test
    void onlyFindingsAndImpressionsHeadingsAreWritten() {
        assertThrows(
                IllegalArgumentException.class,
                () -> report(List.of(new Section(Codes.FINDING, List.of(DraftStatement.prefixed("x"))))));
    }

    @Test
    void anEmptySectionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> report(List.of(new Section(Codes.IMPRESSIONS, List.of()))));
    }

    @Test
    void languageAndObservationContextAreMandatory() {
        List<Section> one = List.of(new Section(Codes.IMPRESSIONS, List.of(DraftStatement.prefixed("x"))));
        assertThrows(
                NullPointerException.class, () -> new Tid2000BasicDiagnosticImagingReport(null, OBSERVER, null, one));
        assertThrows(
                NullPointerException.class,
                () -> new Tid2000BasicDiagnosticImagingReport(Tid1204Language.englishUs(), null, null, one));
    }

    @Test
    void theStatementOpensTheTextAndControlCharactersAreDropped() {
        String text = DraftStatement.prefixed("  line one\nline\u0007 two\r\n\ttabbed \ud800 \ud83d\ude00 ");
        assertTrue(DraftStatement.opens(text));
        assertEquals(DraftStatement.TEXT + "\r\n\r\nline one\r\nline two\r\n\ttabbed  \ud83d\ude00", text);
    }

    @Test
    void aModelTextOfNothingButBlanksIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DraftStatement.prefixed(" \u0000\n "));
    }
}

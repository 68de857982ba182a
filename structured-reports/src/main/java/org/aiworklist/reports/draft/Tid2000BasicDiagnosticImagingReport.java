package org.aiworklist.reports.draft;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;
import static org.aiworklist.reports.sr.ContentItem.Relationship.HAS_CONCEPT_MOD;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.reports.sr.Codes;
import org.aiworklist.reports.sr.ContentItem;
import org.aiworklist.reports.sr.Tid1001ObservationContext;
import org.aiworklist.reports.sr.Tid1204Language;

/**
 * TID 2000 "Basic Diagnostic Imaging Report", root of the document: title (CID 7000), procedure reported, language
 * (mandatory), observation context (mandatory), then report sections (CID 7001 headings) each holding narrative TEXT
 * items (TID 2002, CID 7002 concepts) that belong under that heading. Here every narrative text is an AI draft and
 * must open with {@link DraftStatement}: the template refuses a text that does not.
 */
public final class Tid2000BasicDiagnosticImagingReport {
    /** CID 7001 headings this node writes, each with the CID 7002 concept of its narrative items. */
    private static final Map<CodedConcept, CodedConcept> SECTION_ITEMS =
            Map.of(Codes.FINDINGS, Codes.FINDING, Codes.IMPRESSIONS, Codes.IMPRESSION);

    /** One report section: a heading and its narrative texts. */
    public record Section(CodedConcept heading, List<String> texts) {
        public Section {
            Objects.requireNonNull(heading, "section heading");
            texts = List.copyOf(texts);
        }
    }

    private final ContentItem root;

    public Tid2000BasicDiagnosticImagingReport(
            Tid1204Language language,
            Tid1001ObservationContext observationContext,
            CodedConcept procedureReported,
            List<Section> sections) {
        Objects.requireNonNull(language, "TID 2000 row 3 (language) is mandatory");
        Objects.requireNonNull(observationContext, "TID 2000 row 5 (observation context) is mandatory");
        if (sections.isEmpty()) {
            throw new IllegalArgumentException("a diagnostic imaging report needs at least one section");
        }
        List<ContentItem> children = new ArrayList<>();
        if (procedureReported != null) {
            children.add(ContentItem.code(HAS_CONCEPT_MOD, Codes.PROCEDURE_REPORTED, procedureReported));
        }
        children.add(language.item());
        children.addAll(observationContext.items());
        for (Section section : sections) {
            children.add(section(section));
        }
        root = ContentItem.container(null, Codes.DIAGNOSTIC_IMAGING_REPORT, "2000", children);
    }

    private static ContentItem section(Section section) {
        CodedConcept item = SECTION_ITEMS.get(section.heading());
        if (item == null) {
            throw new IllegalArgumentException("not a report section this node writes: " + section.heading());
        }
        if (section.texts().isEmpty()) {
            throw new IllegalArgumentException("section " + section.heading().meaning() + " is empty");
        }
        List<ContentItem> texts = new ArrayList<>();
        for (String text : section.texts()) {
            if (!DraftStatement.opens(text)) {
                throw new IllegalArgumentException(
                        "a draft text must open with the statement that it is an unverified AI draft");
            }
            texts.add(ContentItem.text(CONTAINS, item, text));
        }
        return ContentItem.container(CONTAINS, section.heading(), null, texts);
    }

    public ContentItem root() {
        return root;
    }
}

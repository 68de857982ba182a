package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.HAS_CONCEPT_MOD;

import java.util.Objects;
import org.aiworklist.common.CodedConcept;

/** TID 1204 "Language of Content Item and Descendants": one CODE from CID 5000 (RFC 5646 tags). */
public final class Tid1204Language {
    private final ContentItem item;

    public Tid1204Language(CodedConcept language) {
        if (!"RFC5646".equals(Objects.requireNonNull(language, "language").scheme())) {
            throw new IllegalArgumentException("CID 5000 languages are RFC5646 codes: " + language);
        }
        item = ContentItem.code(HAS_CONCEPT_MOD, Codes.LANGUAGE_OF_CONTENT, language);
    }

    public static Tid1204Language englishUs() {
        return new Tid1204Language(Codes.ENGLISH_US);
    }

    public ContentItem item() {
        return item;
    }
}

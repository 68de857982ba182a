package org.aiworklist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Standard attributes by keyword (PS3.6), as rules name them: which exist, and which the index keeps for matching:
 * the text of every standard attribute of the header a received instance is indexed by, except sequences, binary
 * values, person names and patient identifiers (the study row keeps the patient's name and ID once).
 */
public final class DicomKeywords {
    /** Value representations the index keeps no text of: sequences, binary data, and person names (PHI). */
    private static final Set<String> NOT_KEPT_VRS = Set.of("SQ", "OB", "OW", "OF", "OD", "OL", "OV", "UN", "PN");
    /** Patient identifiers: no rule needs them, so the index keeps no second copy of them. */
    private static final Set<String> IDENTIFIERS = Set.of(
            "PatientID",
            "IssuerOfPatientID",
            "OtherPatientIDs",
            "PatientAddress",
            "PatientTelephoneNumbers",
            "MedicalRecordLocator");
    /** The header the index reads ends before this group ({@link DataSetFraming}). */
    private static final int FIRST_GROUP_AFTER_HEADER = 0x0021;

    private static final DicomDictionary DICTIONARY = DicomDictionary.StandardDictionary;
    /** Lower-cased keyword to keyword: configuration keys may arrive in lower case (environment overrides). */
    private static final Map<String, String> BY_LOWER_CASE = byLowerCase();

    private DicomKeywords() {}

    /**
     * A standard attribute.
     *
     * @param keyword its PS3.6 keyword, e.g. BodyPartExamined
     * @param tag     its tag as PS3.6 writes it, e.g. (0018,0015)
     * @param vr      its value representation
     * @param indexed whether the index keeps its text for each series, so that a rule can match it
     */
    public record Keyword(String keyword, String tag, String vr, boolean indexed) {}

    /** The attribute named {@code name}, whatever its case; empty when PS3.6 has no such keyword. */
    public static Optional<Keyword> find(String name) {
        String keyword = BY_LOWER_CASE.get(name.toLowerCase(Locale.ROOT));
        if (keyword == null) {
            return Optional.empty();
        }
        AttributeTag tag = DICTIONARY.getTagFromName(keyword);
        String vr = vr(tag);
        return Optional.of(new Keyword(
                keyword,
                String.format(Locale.ROOT, "(%04X,%04X)", tag.getGroup(), tag.getElement()),
                vr,
                kept(keyword, tag, vr)));
    }

    /** The text of every indexed attribute of a header, by keyword; several values joined by backslashes. */
    static Map<String, String> textByKeyword(AttributeList header) {
        Map<String, String> text = new LinkedHashMap<>();
        for (Attribute a : header.values()) {
            AttributeTag tag = a.getTag();
            String keyword = tag.isPrivate() ? null : DICTIONARY.getNameFromTag(tag);
            if (keyword == null || !kept(keyword, tag, new String(a.getVR(), StandardCharsets.US_ASCII))) {
                continue;
            }
            String value = a.getDelimitedStringValuesOrNull();
            if (value != null && !value.isBlank()) {
                text.put(keyword, value.strip());
            }
        }
        return text;
    }

    private static boolean kept(String keyword, AttributeTag tag, String vr) {
        return tag.getGroup() < FIRST_GROUP_AFTER_HEADER
                && !NOT_KEPT_VRS.contains(vr)
                && !IDENTIFIERS.contains(keyword);
    }

    private static String vr(AttributeTag tag) {
        byte[] vr = DICTIONARY.getValueRepresentationFromTag(tag);
        return vr == null ? "UN" : new String(vr, StandardCharsets.US_ASCII);
    }

    private static Map<String, String> byLowerCase() {
        Map<String, String> keywords = new HashMap<>();
        for (Iterator<?> tags = DICTIONARY.getTagIterator(); tags.hasNext(); ) {
            String keyword = DICTIONARY.getNameFromTag((AttributeTag) tags.next());
            if (keyword != null) {
                keywords.put(keyword.toLowerCase(Locale.ROOT), keyword);
            }
        }
        return Map.copyOf(keywords);
    }
}

package org.aiworklist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
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
    /**
     * Keyword by tag ({@link #key}) of the standard attributes of the header that are no patient identifier: those
     * the index keeps the text of unless their value representation is one of {@link #NOT_KEPT_VRS}, found once. It runs on every received instance, where
     * PixelMed's dictionary (a hash map whose tags collide into tree bins) and a string per value representation made
     * it 20 to 37 µs per CT header; 4 µs this way.
     */
    private static final Map<Integer, String> HEADER_KEYWORDS = headerKeywords();
    /** {@link #NOT_KEPT_VRS} as {@link #vrCode}s, checked without making a string per attribute. */
    private static final BitSet NOT_KEPT_VR_CODES = vrCodes(NOT_KEPT_VRS);

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
                HEADER_KEYWORDS.containsKey(key(tag)) && !NOT_KEPT_VRS.contains(vr)));
    }

    /** The text of every indexed attribute of a header, by keyword; several values joined by backslashes. */
    static Map<String, String> textByKeyword(AttributeList header) {
        Map<String, String> text = new LinkedHashMap<>();
        for (Attribute a : header.values()) {
            String keyword = HEADER_KEYWORDS.get(key(a.getTag()));
            if (keyword == null || NOT_KEPT_VR_CODES.get(vrCode(a.getVR()))) {
                continue;
            }
            String value = a.getDelimitedStringValuesOrNull();
            if (value != null && !value.isBlank()) {
                text.put(keyword, value.strip());
            }
        }
        return text;
    }

    private static String vr(AttributeTag tag) {
        byte[] vr = DICTIONARY.getValueRepresentationFromTag(tag);
        return vr == null ? "UN" : new String(vr, StandardCharsets.US_ASCII);
    }

    private static Map<Integer, String> headerKeywords() {
        Map<Integer, String> keywords = new HashMap<>();
        for (Iterator<?> tags = DICTIONARY.getTagIterator(); tags.hasNext(); ) {
            AttributeTag tag = (AttributeTag) tags.next();
            String keyword = DICTIONARY.getNameFromTag(tag);
            if (keyword != null
                    && !tag.isPrivate()
                    && tag.getGroup() < FIRST_GROUP_AFTER_HEADER
                    && !IDENTIFIERS.contains(keyword)) {
                keywords.put(key(tag), keyword);
            }
        }
        return Map.copyOf(keywords);
    }

    private static BitSet vrCodes(Set<String> vrs) {
        BitSet codes = new BitSet(1 << 16);
        vrs.forEach(vr -> codes.set(vrCode(vr.getBytes(StandardCharsets.US_ASCII))));
        return codes;
    }

    private static int key(AttributeTag tag) {
        return tag.getGroup() << 16 | tag.getElement();
    }

    /** A two-letter value representation as one number. */
    private static int vrCode(byte[] vr) {
        return (vr[0] & 0xff) << 8 | (vr[1] & 0xff);
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

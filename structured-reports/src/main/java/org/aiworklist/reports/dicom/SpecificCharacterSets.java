package org.aiworklist.reports.dicom;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The defined terms of Specific Character Set (PS3.3 C.12.1.1.2) and the Java charset that reads and writes
 * each value a result may keep. A received value is untrusted: a set outside these terms must not be copied.
 */
public final class SpecificCharacterSets {
    private static final String SINGLE_BYTE_PREFIX = "ISO_IR ";
    private static final String EXTENSION_PREFIX = "ISO 2022 IR ";
    /** Single-byte sets by IR number; each is a defined term both as "ISO_IR n" and as "ISO 2022 IR n". */
    private static final Map<String, String> SINGLE_BYTE = Map.ofEntries(
            Map.entry("6", "US-ASCII"),
            Map.entry("100", "ISO-8859-1"),
            Map.entry("101", "ISO-8859-2"),
            Map.entry("109", "ISO-8859-3"),
            Map.entry("110", "ISO-8859-4"),
            Map.entry("144", "ISO-8859-5"),
            Map.entry("127", "ISO-8859-6"),
            Map.entry("126", "ISO-8859-7"),
            Map.entry("138", "ISO-8859-8"),
            Map.entry("148", "ISO-8859-9"),
            Map.entry("203", "ISO-8859-15"),
            Map.entry("13", "JIS_X0201"),
            Map.entry("166", "TIS-620"));

    private static final Map<String, String> MULTI_BYTE =
            Map.of("ISO_IR 192", "UTF-8", "GB18030", "GB18030", "GBK", "GBK");
    private static final Set<String> MULTI_BYTE_EXTENSIONS = Set.of("87", "159", "149", "58");
    /** Japanese ASCII + JIS X 0208 is the one code-extension set a Java charset writes the way PS3.5 H asks. */
    private static final Set<String> JAPANESE_EXTENSIONS = Set.of("", "ISO 2022 IR 6", "ISO 2022 IR 87");

    private SpecificCharacterSets() {}

    /**
     * Whether the values are a valid Specific Character Set: no values (the default repertoire), one defined
     * term, or code extensions only, where value 1 may be empty (ISO 2022 IR 6) when more values follow.
     */
    public static boolean isValid(String... values) {
        if (values == null || values.length == 0) {
            return true;
        }
        if (values.length == 1) {
            return isSingleValueTerm(values[0].strip());
        }
        String first = values[0].strip();
        return (first.isEmpty() || isExtension(first))
                && Arrays.stream(values, 1, values.length)
                        .map(String::strip)
                        .allMatch(SpecificCharacterSets::isExtension);
    }

    /**
     * The charset in which a result can keep these values, as they are; empty when the values are invalid or
     * use code extensions no Java charset writes (PixelMed itself writes no ISO 2022 escapes).
     */
    public static Optional<Charset> charset(String... values) {
        if (!isValid(values)) {
            return Optional.empty();
        }
        if (values == null || values.length == 0) {
            return Optional.of(StandardCharsets.US_ASCII);
        }
        if (values.length > 1) {
            boolean japanese = Arrays.stream(values).map(String::strip).allMatch(JAPANESE_EXTENSIONS::contains);
            return japanese ? Optional.of(Charset.forName("ISO-2022-JP")) : Optional.empty();
        }
        String term = values[0].strip();
        String name = MULTI_BYTE.containsKey(term) ? MULTI_BYTE.get(term) : SINGLE_BYTE.get(irNumber(term));
        return Optional.ofNullable(name).map(Charset::forName);
    }

    private static boolean isSingleValueTerm(String v) {
        return (v.startsWith(SINGLE_BYTE_PREFIX) && SINGLE_BYTE.containsKey(v.substring(SINGLE_BYTE_PREFIX.length())))
                || MULTI_BYTE.containsKey(v)
                || isExtension(v);
    }

    private static boolean isExtension(String v) {
        if (!v.startsWith(EXTENSION_PREFIX)) {
            return false;
        }
        String ir = v.substring(EXTENSION_PREFIX.length());
        return SINGLE_BYTE.containsKey(ir) || MULTI_BYTE_EXTENSIONS.contains(ir);
    }

    /** "100" for "ISO_IR 100" and "ISO 2022 IR 100"; "" for other terms. */
    private static String irNumber(String term) {
        for (String prefix : new String[] {SINGLE_BYTE_PREFIX, EXTENSION_PREFIX}) {
            if (term.startsWith(prefix)) {
                return term.substring(prefix.length());
            }
        }
        return "";
    }
}

package org.aiworklist.reports.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecificCharacterSetsTest {
    @Test
    void definedTermsAreValid() {
        assertTrue(SpecificCharacterSets.isValid());
        assertTrue(SpecificCharacterSets.isValid("ISO_IR 100"));
        assertTrue(SpecificCharacterSets.isValid("ISO_IR 203"));
        assertTrue(SpecificCharacterSets.isValid("ISO_IR 6"));
        assertTrue(SpecificCharacterSets.isValid("ISO_IR 192"));
        assertTrue(SpecificCharacterSets.isValid("GB18030"));
        assertTrue(SpecificCharacterSets.isValid("GBK"));
        assertTrue(SpecificCharacterSets.isValid("ISO 2022 IR 100"));
        assertTrue(SpecificCharacterSets.isValid("ISO 2022 IR 6", "ISO 2022 IR 87"));
        assertTrue(SpecificCharacterSets.isValid("", "ISO 2022 IR 149"));
        assertTrue(SpecificCharacterSets.isValid("ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159"));
        assertTrue(SpecificCharacterSets.isValid("", "ISO 2022 IR 58"));
        assertTrue(SpecificCharacterSets.isValid("ISO_IR 100 "), "CS padding is not part of the term");
    }

    @Test
    void malformedSetsAreInvalid() {
        assertFalse(SpecificCharacterSets.isValid("ISO 2022 IR 87", "BOGUS"));
        assertFalse(SpecificCharacterSets.isValid("BOGUS"));
        assertFalse(SpecificCharacterSets.isValid(""), "value 1 empty without extensions");
        assertFalse(SpecificCharacterSets.isValid("ISO_IR 100", "ISO 2022 IR 87"), "extensions need ISO 2022 terms");
        assertFalse(SpecificCharacterSets.isValid("ISO 2022 IR 6", "ISO_IR 100"));
        assertFalse(SpecificCharacterSets.isValid("ISO_IR 192", "ISO 2022 IR 87"), "ISO_IR 192 is single-valued");
        assertFalse(SpecificCharacterSets.isValid("", "GB18030"), "GB18030 is single-valued");
        assertFalse(SpecificCharacterSets.isValid("GBK", "GBK"));
        assertFalse(SpecificCharacterSets.isValid("ISO_IR 87"), "IR 87 exists with code extensions only");
        assertFalse(SpecificCharacterSets.isValid("ISO 2022 IR 192"));
        assertFalse(SpecificCharacterSets.isValid("", ""));
    }

    @Test
    void validSetsMapToTheCharsetThatWritesThem() {
        assertEquals(Optional.of(StandardCharsets.US_ASCII), SpecificCharacterSets.charset());
        assertEquals(Optional.of(Charset.forName("GB18030")), SpecificCharacterSets.charset("GB18030"));
        assertEquals(Optional.of(StandardCharsets.UTF_8), SpecificCharacterSets.charset("ISO_IR 192"));
        assertEquals(Optional.of(Charset.forName("ISO-8859-15")), SpecificCharacterSets.charset("ISO_IR 203"));
        assertEquals(Optional.of(StandardCharsets.ISO_8859_1), SpecificCharacterSets.charset("ISO 2022 IR 100"));
        assertEquals(
                Optional.of(Charset.forName("ISO-2022-JP")),
                SpecificCharacterSets.charset("ISO 2022 IR 6", "ISO 2022 IR 87"));
        assertEquals(Optional.of(Charset.forName("ISO-2022-JP")), SpecificCharacterSets.charset("", "ISO 2022 IR 87"));
    }

    @Test
    void invalidSetsAndUnwritableExtensionsHaveNoCharset() {
        assertEquals(Optional.empty(), SpecificCharacterSets.charset("ISO 2022 IR 87", "BOGUS"));
        assertEquals(Optional.empty(), SpecificCharacterSets.charset("", "ISO 2022 IR 149"));
        assertEquals(Optional.empty(), SpecificCharacterSets.charset("ISO 2022 IR 13", "ISO 2022 IR 87"));
        assertEquals(Optional.empty(), SpecificCharacterSets.charset("ISO 2022 IR 87"));
    }
}

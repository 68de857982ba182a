package org.aiworklist.reports.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;

import java.util.Collection;

/**
 * Chooses the Specific Character Set of a result. Keeping the source's set is what lets copied patient
 * attributes go out byte-identical; only a source in the default repertoire whose result needs non-ASCII
 * text (e.g. a model name) is switched to ISO_IR 192, of which ASCII is a subset.
 */
public final class OutputCharset {
    private static final String UTF8 = "ISO_IR 192";

    private OutputCharset() {
    }

    /** Puts (0008,0005) into target as chosen and returns the set to encode new text with. */
    public static SpecificCharacterSet apply(AttributeList source, AttributeList target, Collection<String> newTexts) {
        if (source.get(TagFromName.SpecificCharacterSet) != null) {
            target.put(source.get(TagFromName.SpecificCharacterSet));
            return new SpecificCharacterSet(source);
        }
        boolean ascii = newTexts.stream().allMatch(s -> s == null || s.chars().allMatch(c -> c < 0x80));
        if (ascii) {
            return new SpecificCharacterSet((String[]) null);
        }
        Attrs.put(target, TagFromName.SpecificCharacterSet, UTF8);
        return new SpecificCharacterSet(new String[]{UTF8});
    }
}

package org.aiworklist.reports.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Chooses the Specific Character Set of a result. The source's set is kept when it is valid and can encode
 * every text of the result, which lets copied patient attributes go out byte-identical; otherwise the result is
 * written in ISO_IR 192 (UTF-8), so a malformed or hostile set received from a modality is never passed on.
 */
public final class OutputCharset {
    private static final String UTF8 = "ISO_IR 192";

    private OutputCharset() {}

    /**
     * Puts (0008,0005) into target as chosen, re-encodes the text attributes already copied into target from
     * source in that set, and returns the set to encode new text with.
     */
    public static SpecificCharacterSet apply(AttributeList source, AttributeList target, Collection<String> newTexts) {
        Attribute declared = source.get(TagFromName.SpecificCharacterSet);
        Optional<Charset> sourceCharset = SpecificCharacterSets.charset(values(declared));
        CopiedText copied = CopiedText.decode(target, sourceCharset);
        Optional<Charset> kept =
                sourceCharset.filter(cs -> canEncode(cs, Stream.concat(copied.values().stream(), newTexts.stream())));
        CharsetEncoding scs = new CharsetEncoding(kept.orElse(StandardCharsets.UTF_8));
        if (kept.isEmpty()) {
            Attrs.put(target, TagFromName.SpecificCharacterSet, UTF8);
        } else if (declared != null) {
            target.put(declared);
        }
        copied.encode(scs);
        return scs;
    }

    private static String[] values(Attribute declared) {
        return declared == null
                ? new String[0]
                : Objects.requireNonNullElse(Attribute.getStringValues(declared), new String[0]);
    }

    private static boolean canEncode(Charset cs, Stream<String> texts) {
        CharsetEncoder encoder = cs.newEncoder();
        return texts.filter(Objects::nonNull).allMatch(encoder::canEncode);
    }
}

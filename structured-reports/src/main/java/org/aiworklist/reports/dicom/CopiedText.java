package org.aiworklist.reports.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.StringAttribute;
import com.pixelmed.dicom.StringAttributeAffectedBySpecificCharacterSet;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The text attributes a result copied from its source, decoded, so they can be written again in the result's
 * character set. Copies of the source's attributes would otherwise be written back by PixelMed in the source's
 * set, which garbles them when the result declares another set or when PixelMed cannot write the source's set.
 */
final class CopiedText {
    private record Text(AttributeList owner, AttributeTag tag, byte[] vr, String[] values) {}

    private final List<Text> texts = new ArrayList<>();

    private CopiedText() {}

    /**
     * Decodes every text attribute of list (sequence items included, copied so the source stays untouched):
     * with the source's charset when its bytes are valid in it, otherwise as PixelMed read them (it follows
     * ISO 2022 escapes and reads stray 8-bit bytes as Latin-1, losing none).
     */
    static CopiedText decode(AttributeList list, Optional<Charset> sourceCharset) {
        CopiedText copied = new CopiedText();
        try {
            copied.collect(list, sourceCharset);
        } catch (DicomException e) {
            throw new IllegalArgumentException("unreadable text in the source's patient or study attributes", e);
        }
        return copied;
    }

    List<String> values() {
        return texts.stream().flatMap(t -> Arrays.stream(t.values())).toList();
    }

    /** Puts every decoded attribute back into its list, encoded with scs. */
    void encode(SpecificCharacterSet scs) {
        for (Text t : texts) {
            try {
                Attribute a = AttributeFactory.newAttribute(t.tag(), t.vr(), scs);
                for (String v : t.values()) {
                    a.addValue(v);
                }
                t.owner().put(a);
            } catch (DicomException e) {
                throw new IllegalArgumentException("cannot encode " + t.tag() + ": " + e.getMessage(), e);
            }
        }
    }

    private void collect(AttributeList list, Optional<Charset> sourceCharset) throws DicomException {
        for (Attribute a : List.copyOf(list.values())) {
            if (a instanceof SequenceAttribute seq) {
                SequenceAttribute copy = new SequenceAttribute(seq.getTag());
                for (int i = 0; i < seq.getNumberOfItems(); i++) {
                    AttributeList item = new AttributeList();
                    item.putAll(seq.getItem(i).getAttributeList());
                    collect(item, sourceCharset);
                    copy.addItem(item);
                }
                list.put(copy);
            } else if (a instanceof StringAttributeAffectedBySpecificCharacterSet s) {
                texts.add(new Text(list, s.getTag(), s.getVR(), values(s, sourceCharset)));
            }
        }
    }

    private static String[] values(StringAttribute a, Optional<Charset> sourceCharset) throws DicomException {
        if (sourceCharset.isPresent() && a.getVM() > 0) {
            try {
                String all = sourceCharset
                        .get()
                        .newDecoder()
                        .decode(ByteBuffer.wrap(a.getByteValues()))
                        .toString();
                String[] values = a.getVM() > 1 ? all.split("\\\\", -1) : new String[] {all};
                if (values.length == a.getVM()) {
                    return values;
                }
            } catch (CharacterCodingException notInTheDeclaredSet) {
                // PixelMed's reading below keeps every byte visible
            }
        }
        String[] values = a.getOriginalStringValues();
        return values == null ? new String[0] : values;
    }
}

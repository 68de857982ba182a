package org.aiworklist.reports.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.ValueRepresentation;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;

/**
 * Small helpers over PixelMed's AttributeList so that writers read like attribute tables. Every string
 * attribute is created with the document's Specific Character Set, so non-ASCII values are encoded the
 * same way as the patient attributes copied from the source.
 */
public final class Attrs {
    /** LO (Code Meaning) and SH (Code Value) limits; longer code values go to Long Code Value (UC). */
    private static final int MAX_SH = 16;

    private static final int MAX_LO = 64;

    /** Attributes newer than PixelMed 20220618's dictionary, with their VRs. */
    public static final AttributeTag LONG_CODE_VALUE = new AttributeTag(0x0008, 0x0119);

    public static final AttributeTag CONTRIBUTION_DATE_TIME = new AttributeTag(0x0018, 0xA002);
    public static final AttributeTag PERTINENT_OTHER_EVIDENCE_SEQUENCE = new AttributeTag(0x0040, 0xA385);
    /** SR Document General: PRELIMINARY or FINAL (Type 3). */
    public static final AttributeTag PRELIMINARY_FLAG = new AttributeTag(0x0040, 0xA496);

    private static final Map<AttributeTag, byte[]> EXTRA_VR = Map.of(
            LONG_CODE_VALUE, ValueRepresentation.UC,
            CONTRIBUTION_DATE_TIME, ValueRepresentation.DT,
            PRELIMINARY_FLAG, ValueRepresentation.CS);

    private Attrs() {}

    /** Puts an attribute with the dictionary VR; no values gives an empty (Type 2) attribute. */
    public static void put(AttributeList list, AttributeTag tag, SpecificCharacterSet scs, String... values) {
        try {
            byte[] vr = EXTRA_VR.containsKey(tag)
                    ? EXTRA_VR.get(tag)
                    : DicomDictionary.StandardDictionary.getValueRepresentationFromTag(tag);
            Attribute a = AttributeFactory.newAttribute(tag, vr, scs);
            for (String v : values) {
                a.addValue(v);
            }
            list.put(a);
        } catch (DicomException e) {
            throw new IllegalArgumentException("cannot encode " + tag + ": " + e.getMessage(), e);
        }
    }

    public static void put(AttributeList list, AttributeTag tag, String... values) {
        put(list, tag, null, values);
    }

    /** Puts a sequence with the given items (none gives an empty Type 2 sequence). */
    public static void putSequence(AttributeList list, AttributeTag tag, List<AttributeList> items) {
        SequenceAttribute seq = new SequenceAttribute(tag);
        items.forEach(seq::addItem);
        list.put(seq);
    }

    public static void putSequence(AttributeList list, AttributeTag tag, AttributeList item) {
        putSequence(list, tag, List.of(item));
    }

    /**
     * The Image Pixel module's description of the pixels (PS3.3 C.7.6.3): rows x columns, each pixel
     * samplesPerPixel samples of bits bits, allocated and stored alike, high bit bits - 1.
     */
    public static void putPixelDescription(
            AttributeList list,
            int samplesPerPixel,
            String photometricInterpretation,
            int rows,
            int columns,
            int bits,
            int pixelRepresentation) {
        put(list, TagFromName.SamplesPerPixel, Integer.toString(samplesPerPixel));
        put(list, TagFromName.PhotometricInterpretation, photometricInterpretation);
        put(list, TagFromName.Rows, Integer.toString(rows));
        put(list, TagFromName.Columns, Integer.toString(columns));
        put(list, TagFromName.BitsAllocated, Integer.toString(bits));
        put(list, TagFromName.BitsStored, Integer.toString(bits));
        put(list, TagFromName.HighBit, Integer.toString(bits - 1));
        put(list, TagFromName.PixelRepresentation, Integer.toString(pixelRepresentation));
    }

    /** A code sequence item; checks the VR limits that validators would otherwise report. */
    public static AttributeList code(CodedConcept c, SpecificCharacterSet scs) {
        if (c.meaning().length() > MAX_LO) {
            throw new IllegalArgumentException("code meaning longer than 64 characters: " + c);
        }
        AttributeList item = new AttributeList();
        put(item, c.value().length() > MAX_SH ? LONG_CODE_VALUE : TagFromName.CodeValue, c.value());
        put(item, TagFromName.CodingSchemeDesignator, c.scheme());
        put(item, TagFromName.CodeMeaning, scs, c.meaning());
        return item;
    }

    public static void putCode(AttributeList list, AttributeTag sequenceTag, CodedConcept c, SpecificCharacterSet scs) {
        putSequence(list, sequenceTag, code(c, scs));
    }

    /** Referenced SOP Class/Instance UID pair, as used by SOP Instance Reference macros. */
    public static AttributeList sopReference(ImageReference ref) {
        AttributeList item = new AttributeList();
        put(item, TagFromName.ReferencedSOPClassUID, ref.sopClassUid());
        put(item, TagFromName.ReferencedSOPInstanceUID, ref.sopInstanceUid());
        return item;
    }

    /** First value of a string attribute or null when absent or empty. */
    public static String string(AttributeList list, AttributeTag tag) {
        String v = Attribute.getSingleStringValueOrNull(list, tag);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** All numeric values of an attribute, or null when absent. */
    public static double[] doubles(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        if (a == null || a.getVM() == 0) {
            return null;
        }
        try {
            return a.getDoubleValues();
        } catch (DicomException e) {
            throw new IllegalArgumentException("unreadable numeric attribute " + tag, e);
        }
    }

    /** Whether an image's pixels were lossy compressed; what is derived from such an image is lossy too. */
    public static boolean lossy(AttributeList header) {
        return "01".equals(string(header, TagFromName.LossyImageCompression));
    }

    /** Limits a value to the 64 characters of LO (Series Description and similar). */
    public static String lo(String s) {
        return s.length() <= MAX_LO ? s : s.substring(0, MAX_LO);
    }

    /**
     * General Series Laterality is 2C, for paired body parts. A source's R or L is kept; otherwise the source's
     * Body Part Examined is carried so the condition can be judged (dciodvfy treats e.g. CHEST as unpaired and
     * wants Laterality absent); with neither, Laterality is sent empty, meaning unknown.
     */
    public static void putSeriesLaterality(AttributeList source, AttributeList list) {
        String value = Objects.requireNonNullElse(
                string(source, TagFromName.Laterality),
                Objects.requireNonNullElse(string(source, TagFromName.ImageLaterality), ""));
        String bodyPart = string(source, TagFromName.BodyPartExamined);
        if (bodyPart != null) {
            put(list, TagFromName.BodyPartExamined, bodyPart);
        }
        if (value.equals("R") || value.equals("L")) {
            put(list, TagFromName.Laterality, value);
        } else if (bodyPart == null) {
            put(list, TagFromName.Laterality);
        }
    }
}

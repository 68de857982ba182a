package org.aiworklist.reports;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.List;

/** Reads an SR content tree back with plain attribute access, independent of the writer's model. */
final class SrTree {
    private SrTree() {}

    static List<AttributeList> items(AttributeList list, AttributeTag sequence) {
        List<AttributeList> out = new ArrayList<>();
        if (list.get(sequence) instanceof SequenceAttribute seq) {
            for (int i = 0; i < seq.getNumberOfItems(); i++) {
                SequenceItem item = seq.getItem(i);
                out.add(item.getAttributeList());
            }
        }
        return out;
    }

    static List<AttributeList> children(AttributeList item) {
        return items(item, TagFromName.ContentSequence);
    }

    static String conceptValue(AttributeList item) {
        List<AttributeList> c = items(item, TagFromName.ConceptNameCodeSequence);
        return c.isEmpty() ? null : string(c.get(0), TagFromName.CodeValue);
    }

    static List<AttributeList> childrenWithConcept(AttributeList item, String codeValue) {
        return children(item).stream()
                .filter(c -> codeValue.equals(conceptValue(c)))
                .toList();
    }

    static AttributeList child(AttributeList item, String codeValue) {
        List<AttributeList> c = childrenWithConcept(item, codeValue);
        if (c.size() != 1) {
            throw new AssertionError("expected one child " + codeValue + ", found " + c.size());
        }
        return c.get(0);
    }

    static String string(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrNull(list, tag);
    }

    /** The Referenced SOP Instance UID of an IMAGE item. */
    static String referencedSop(AttributeList imageItem) {
        return string(items(imageItem, TagFromName.ReferencedSOPSequence).get(0), TagFromName.ReferencedSOPInstanceUID);
    }

    /** Every SOP Instance UID referenced by IMAGE items anywhere below the item. */
    static List<String> allReferencedSops(AttributeList item) {
        List<String> out = new ArrayList<>();
        for (AttributeList c : children(item)) {
            if ("IMAGE".equals(string(c, TagFromName.ValueType))) {
                out.add(referencedSop(c));
            }
            out.addAll(allReferencedSops(c));
        }
        return out;
    }

    static double[] doubles(AttributeList list, AttributeTag tag) {
        return Attribute.getDoubleValues(list, tag);
    }
}

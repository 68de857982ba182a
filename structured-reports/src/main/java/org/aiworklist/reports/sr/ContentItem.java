package org.aiworklist.reports.sr;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FloatSingleAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;
import org.aiworklist.reports.dicom.Attrs;

/**
 * One SR content item (PS3.3 C.17.3) with its children. Immutable and toolkit-neutral until
 * {@link #encode}: the template classes build trees of these, the writer encodes the root.
 */
public final class ContentItem {
    /** Relationship Type (0040,A010) of an item to its parent. */
    public enum Relationship {
        CONTAINS,
        HAS_OBS_CONTEXT,
        HAS_CONCEPT_MOD,
        HAS_PROPERTIES,
        HAS_ACQ_CONTEXT,
        SELECTED_FROM,
        INFERRED_FROM;

        String dicom() {
            return name().replace('_', ' ');
        }
    }

    private final String valueType;
    private final Relationship relationship;
    private final CodedConcept concept;
    private final BiConsumer<AttributeList, SpecificCharacterSet> value;
    private final List<ContentItem> children;
    private final List<ImageReference> images;

    private ContentItem(
            String valueType,
            Relationship relationship,
            CodedConcept concept,
            BiConsumer<AttributeList, SpecificCharacterSet> value,
            List<ContentItem> children,
            List<ImageReference> images) {
        this.valueType = valueType;
        this.relationship = relationship;
        this.concept = concept;
        this.value = value;
        this.children = List.copyOf(children);
        this.images = images;
    }

    /** A CONTAINER with Continuity SEPARATE; templateId (e.g. "1500") fills the Content Template Sequence. */
    public static ContentItem container(
            Relationship rel, CodedConcept concept, String templateId, List<ContentItem> children) {
        Objects.requireNonNull(concept, "container concept");
        return new ContentItem(
                "CONTAINER",
                rel,
                concept,
                (list, scs) -> {
                    Attrs.put(list, TagFromName.ContinuityOfContent, "SEPARATE");
                    if (templateId != null) {
                        AttributeList t = new AttributeList();
                        Attrs.put(t, TagFromName.MappingResource, "DCMR");
                        Attrs.put(t, TagFromName.TemplateIdentifier, templateId);
                        Attrs.putSequence(list, TagFromName.ContentTemplateSequence, t);
                    }
                },
                children,
                List.of());
    }

    public static ContentItem code(Relationship rel, CodedConcept concept, CodedConcept value) {
        return code(rel, concept, value, List.of());
    }

    /** CODE with children (e.g. the probability a verdict HAS PROPERTIES of). */
    public static ContentItem code(
            Relationship rel, CodedConcept concept, CodedConcept value, List<ContentItem> children) {
        Objects.requireNonNull(concept, "CODE concept name");
        Objects.requireNonNull(value, "code value");
        return new ContentItem(
                "CODE",
                rel,
                concept,
                (list, scs) -> Attrs.putCode(list, TagFromName.ConceptCodeSequence, value, scs),
                children,
                List.of());
    }

    public static ContentItem text(Relationship rel, CodedConcept concept, String text) {
        if (Objects.requireNonNull(text, "text value").isBlank()) {
            throw new IllegalArgumentException("empty TEXT item " + concept);
        }
        return leaf("TEXT", rel, concept, (list, scs) -> Attrs.put(list, TagFromName.TextValue, scs, text));
    }

    public static ContentItem uidRef(Relationship rel, CodedConcept concept, String uid) {
        Objects.requireNonNull(uid, "UID value");
        return leaf("UIDREF", rel, concept, (list, scs) -> Attrs.put(list, TagFromName.UID, uid));
    }

    /** NUM with a UCUM unit; the value is written as DS (at most 16 characters, 10 significant digits). */
    public static ContentItem num(Relationship rel, CodedConcept concept, double number, CodedConcept unit) {
        return num(rel, concept, number, unit, List.of());
    }

    /** NUM as above, with children (e.g. the INFERRED FROM region it was measured on). */
    public static ContentItem num(
            Relationship rel, CodedConcept concept, double number, CodedConcept unit, List<ContentItem> children) {
        Objects.requireNonNull(concept, "NUM concept name");
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("NUM " + concept + " needs a finite value: " + number);
        }
        String ds = decimalString(number);
        return new ContentItem(
                "NUM",
                rel,
                concept,
                (list, scs) -> {
                    AttributeList mv = new AttributeList();
                    Attrs.put(mv, TagFromName.NumericValue, ds);
                    Attrs.putCode(mv, TagFromName.MeasurementUnitsCodeSequence, unit, scs);
                    Attrs.putSequence(list, TagFromName.MeasuredValueSequence, mv);
                },
                children,
                List.of());
    }

    /** IMAGE by SOP Class/Instance; concept may be null (Image Library entries, SELECTED FROM targets). */
    public static ContentItem image(Relationship rel, CodedConcept concept, ImageReference ref) {
        Objects.requireNonNull(ref, "image reference");
        return new ContentItem(
                "IMAGE",
                rel,
                concept,
                (list, scs) -> Attrs.putSequence(list, TagFromName.ReferencedSOPSequence, Attrs.sopReference(ref)),
                List.of(),
                List.of(ref));
    }

    /** IMAGE naming one segment of a Segmentation: Referenced Segment Number inside its SOP reference. */
    public static ContentItem segment(
            Relationship rel, CodedConcept concept, ImageReference segmentation, int segmentNumber) {
        Objects.requireNonNull(segmentation, "segmentation reference");
        return new ContentItem(
                "IMAGE",
                rel,
                concept,
                (list, scs) -> {
                    AttributeList ref = Attrs.sopReference(segmentation);
                    Attrs.put(ref, TagFromName.ReferencedSegmentNumber, Integer.toString(segmentNumber));
                    Attrs.putSequence(list, TagFromName.ReferencedSOPSequence, ref);
                },
                List.of(),
                List.of(segmentation));
    }

    /**
     * 2D SCOORD in image pixel space (column,row pairs), with the image it is SELECTED FROM; concept may be null
     * (TID 320 under an INFERRED FROM).
     */
    public static ContentItem scoord(
            Relationship rel, CodedConcept concept, String graphicType, float[] data, ImageReference selectedFrom) {
        float[] copy = data.clone();
        return new ContentItem(
                "SCOORD",
                rel,
                concept,
                (list, scs) -> putGraphic(list, graphicType, copy),
                List.of(image(Relationship.SELECTED_FROM, null, selectedFrom)),
                List.of());
    }

    /** SCOORD3D in the patient coordinate system (mm, x,y,z triplets); Graphic Data is FL like in SCOORD. */
    public static ContentItem scoord3d(
            Relationship rel, CodedConcept concept, String graphicType, double[] data, String frameOfReferenceUid) {
        float[] copy = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            copy[i] = (float) data[i];
        }
        Objects.requireNonNull(frameOfReferenceUid, "frame of reference");
        return leaf("SCOORD3D", rel, concept, (list, scs) -> {
            putGraphic(list, graphicType, copy);
            Attrs.put(list, TagFromName.ReferencedFrameOfReferenceUID, frameOfReferenceUid);
        });
    }

    /** Graphic Type and Graphic Data (FL) of a SCOORD or SCOORD3D. */
    private static void putGraphic(AttributeList list, String graphicType, float[] data) {
        Attrs.put(list, TagFromName.GraphicType, graphicType);
        FloatSingleAttribute gd = new FloatSingleAttribute(TagFromName.GraphicData);
        try {
            for (float f : data) {
                gd.addValue(f);
            }
        } catch (DicomException e) {
            throw new IllegalStateException(e);
        }
        list.put(gd);
    }

    private static ContentItem leaf(
            String vt, Relationship rel, CodedConcept concept, BiConsumer<AttributeList, SpecificCharacterSet> value) {
        Objects.requireNonNull(concept, vt + " concept name");
        return new ContentItem(vt, rel, concept, value, List.of(), List.of());
    }

    static String decimalString(double v) {
        BigDecimal d = BigDecimal.valueOf(v).round(new MathContext(10)).stripTrailingZeros();
        String plain = d.toPlainString();
        return plain.length() <= 16 ? plain : d.round(new MathContext(8)).toString();
    }

    public String valueType() {
        return valueType;
    }

    /** Every image this item and its descendants reference (for the evidence sequences). */
    public List<ImageReference> referencedImages() {
        List<ImageReference> all = new ArrayList<>(images);
        children.forEach(c -> all.addAll(c.referencedImages()));
        return all;
    }

    /** Writes this item (value type, relationship, concept, value, children) into the given list. */
    public void encode(AttributeList list, SpecificCharacterSet scs) {
        if (relationship != null) {
            Attrs.put(list, TagFromName.RelationshipType, relationship.dicom());
        }
        Attrs.put(list, TagFromName.ValueType, valueType);
        if (concept != null) {
            Attrs.putCode(list, TagFromName.ConceptNameCodeSequence, concept, scs);
        }
        value.accept(list, scs);
        if (!children.isEmpty()) {
            List<AttributeList> items = new ArrayList<>();
            for (ContentItem c : children) {
                AttributeList item = new AttributeList();
                c.encode(item, scs);
                items.add(item);
            }
            Attrs.putSequence(list, TagFromName.ContentSequence, items);
        }
    }
}

package org.aiworklist.reports.kos;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.sr.ContentItem;
import org.aiworklist.reports.sr.Tid1001ObservationContext;
import org.aiworklist.reports.sr.Tid1204Language;

/**
 * TID 2010 "Key Object Selection", the root template of the Key Object Selection Document IOD (PS3.3 A.35.4):
 *
 * <pre>
 * CONTAINER  document title (CID 7010)                 [row 1]
 *   HAS CONCEPT MOD  CODE Language (TID 1204)           [row 5]
 *   HAS OBS CONTEXT  device observer (TID 1002/1004)    [row 6]
 *   CONTAINS  TEXT (113012, DCM, "Key Object Description")  [row 7]
 *   CONTAINS  IMAGE  key image [+ presentation state]   [row 8, 1-n]
 *   CONTAINS  COMPOSITE  e.g. the job's SR               [row 10, 0-n]
 * </pre>
 *
 * Rules checked on construction: the title is a CID 7010 title that needs no Document Title Modifier (the
 * modifier rows 2-4 are not produced); the description is not blank; there is at least one key image and no
 * instance is referenced twice; a presentation state is a Softcopy Presentation State SOP class and a
 * COMPOSITE is not also an IMAGE. Only the value types and relationships the KOS IOD allows are produced.
 */
public final class Tid2010KeyObjectSelection {
    /** "Of Interest": what an algorithm's selection is; the addressed titles ("For Referring Provider") are not. */
    public static final CodedConcept OF_INTEREST = dcm("113000", "Of Interest");

    public static final CodedConcept FOR_REFERRING_PROVIDER = dcm("113002", "For Referring Provider");
    public static final CodedConcept KEY_OBJECT_DESCRIPTION = dcm("113012", "Key Object Description");

    /** CID 7010 titles this template can carry (those needing a Document Title Modifier are left out). */
    private static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("113000", "Of Interest"),
            Map.entry("113002", "For Referring Provider"),
            Map.entry("113003", "For Surgery"),
            Map.entry("113004", "For Teaching"),
            Map.entry("113005", "For Conference"),
            Map.entry("113006", "For Therapy"),
            Map.entry("113007", "For Patient"),
            Map.entry("113008", "For Peer Review"),
            Map.entry("113009", "For Research"),
            Map.entry("113018", "For Printing"),
            Map.entry("113020", "For Report Attachment"));

    /** Softcopy presentation state SOP classes all share this prefix (PS3.4 B.5: 1.2.840.10008.5.1.4.1.1.11.x). */
    private static final String PRESENTATION_STATE_PREFIX = "1.2.840.10008.5.1.4.1.1.11.";

    /** Referenced SOP Sequence (0008,1199) nested in an IMAGE item's reference: the presentation state to apply. */
    private static final AttributeTag REFERENCED_SOP_SEQUENCE = TagFromName.ReferencedSOPSequence;

    /**
     * One key image.
     *
     * @param presentationState a presentation state to apply when displaying it, or null
     */
    public record KeyImage(ImageReference image, ImageReference presentationState) {
        public KeyImage {
            Objects.requireNonNull(image, "key image");
            if (presentationState != null && !presentationState.sopClassUid().startsWith(PRESENTATION_STATE_PREFIX)) {
                throw new IllegalArgumentException(
                        "not a presentation state SOP class: " + presentationState.sopClassUid());
            }
        }
    }

    private final CodedConcept title;
    private final List<ContentItem> context;
    private final ContentItem description;
    private final List<KeyImage> images;
    private final List<ImageReference> composites;

    /**
     * @param language    TID 1204, or null
     * @param observer    the device observer (TID 1002 via TID 1004), or null
     * @param composites  other objects to list as COMPOSITE items (the job's SR), possibly empty
     */
    public Tid2010KeyObjectSelection(
            CodedConcept title,
            Tid1204Language language,
            Tid1001ObservationContext observer,
            String description,
            List<KeyImage> images,
            List<ImageReference> composites) {
        Objects.requireNonNull(title, "document title");
        if (!"DCM".equals(title.scheme()) || !title.meaning().equals(TITLES.get(title.value()))) {
            throw new IllegalArgumentException("not a CID 7010 title usable without a modifier: " + title);
        }
        this.title = title;
        this.images = List.copyOf(images);
        this.composites = List.copyOf(composites);
        if (this.images.isEmpty()) {
            throw new IllegalArgumentException("a Key Object Selection needs at least one key image");
        }
        Set<String> seen = new HashSet<>();
        for (KeyImage k : this.images) {
            if (!seen.add(k.image().sopInstanceUid())) {
                throw new IllegalArgumentException("key image listed twice");
            }
        }
        for (ImageReference c : this.composites) {
            if (!seen.add(c.sopInstanceUid())) {
                throw new IllegalArgumentException("instance listed twice in the Key Object Selection");
            }
        }
        List<ContentItem> ctx = new ArrayList<>();
        if (language != null) {
            ctx.add(language.item());
        }
        if (observer != null) {
            ctx.addAll(observer.items());
        }
        this.context = List.copyOf(ctx);
        this.description = ContentItem.text(ContentItem.Relationship.CONTAINS, KEY_OBJECT_DESCRIPTION, description);
    }

    public List<KeyImage> images() {
        return images;
    }

    /** Every instance the content tree references (key images, their presentation states, composites). */
    public List<ImageReference> referencedInstances() {
        List<ImageReference> all = new ArrayList<>();
        for (KeyImage k : images) {
            all.add(k.image());
            if (k.presentationState() != null) {
                all.add(k.presentationState());
            }
        }
        all.addAll(composites);
        return all;
    }

    /** Writes the root content item (SR Document Content module) into the document's attribute list. */
    public void encode(AttributeList list, SpecificCharacterSet scs) {
        Attrs.put(list, TagFromName.ValueType, "CONTAINER");
        Attrs.putCode(list, TagFromName.ConceptNameCodeSequence, title, scs);
        Attrs.put(list, TagFromName.ContinuityOfContent, "SEPARATE");
        AttributeList template = new AttributeList();
        Attrs.put(template, TagFromName.MappingResource, "DCMR");
        Attrs.put(template, TagFromName.TemplateIdentifier, "2010");
        Attrs.putSequence(list, TagFromName.ContentTemplateSequence, template);

        List<AttributeList> children = new ArrayList<>();
        for (ContentItem c : context) {
            children.add(encoded(c, scs));
        }
        children.add(encoded(description, scs));
        for (KeyImage k : images) {
            AttributeList ref = Attrs.sopReference(k.image());
            if (k.presentationState() != null) {
                Attrs.putSequence(ref, REFERENCED_SOP_SEQUENCE, Attrs.sopReference(k.presentationState()));
            }
            children.add(reference("IMAGE", ref));
        }
        for (ImageReference c : composites) {
            children.add(reference("COMPOSITE", Attrs.sopReference(c)));
        }
        Attrs.putSequence(list, TagFromName.ContentSequence, children);
    }

    private static AttributeList encoded(ContentItem c, SpecificCharacterSet scs) {
        AttributeList item = new AttributeList();
        c.encode(item, scs);
        return item;
    }

    /** An IMAGE or COMPOSITE item: no concept name (TID 2010 rows 8 and 10 have none). */
    private static AttributeList reference(String valueType, AttributeList sopReference) {
        AttributeList item = new AttributeList();
        Attrs.put(item, TagFromName.RelationshipType, "CONTAINS");
        Attrs.put(item, TagFromName.ValueType, valueType);
        Attrs.putSequence(item, TagFromName.ReferencedSOPSequence, sopReference);
        return item;
    }

    private static CodedConcept dcm(String value, String meaning) {
        return new CodedConcept(value, "DCM", meaning);
    }
}

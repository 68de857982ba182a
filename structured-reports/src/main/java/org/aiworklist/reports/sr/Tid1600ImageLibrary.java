package org.aiworklist.reports.sr;

import static org.aiworklist.reports.sr.ContentItem.Relationship.CONTAINS;
import static org.aiworklist.reports.sr.ContentItem.Relationship.HAS_ACQ_CONTEXT;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.ImageReference;

/**
 * TID 1600 "Image Library": one Image Library Group per source series, holding an IMAGE entry (TID 1601)
 * per image and, when the modality is known, the descriptors shared by the group (TID 1602).
 */
public final class Tid1600ImageLibrary {
    /**
     * Images of one series with what they share.
     *
     * @param modality            CID 29 code or null (then no descriptors: Modality is mandatory in TID 1602)
     * @param frameOfReferenceUid null for projection images
     */
    public record Group(CodedConcept modality, String frameOfReferenceUid, List<ImageReference> images) {
        public Group {
            images = List.copyOf(images);
            if (images.isEmpty()) {
                throw new IllegalArgumentException("an Image Library Group needs images");
            }
        }
    }

    private final ContentItem item;
    private final Set<String> sopInstanceUids = new HashSet<>();

    public Tid1600ImageLibrary(List<Group> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("the Image Library needs at least one group");
        }
        List<ContentItem> groupItems = new ArrayList<>();
        for (Group g : groups) {
            List<ContentItem> children = new ArrayList<>();
            if (g.modality() != null) {
                children.add(ContentItem.code(HAS_ACQ_CONTEXT, Codes.MODALITY, g.modality()));
                if (g.frameOfReferenceUid() != null) {
                    children.add(
                            ContentItem.uidRef(HAS_ACQ_CONTEXT, Codes.FRAME_OF_REFERENCE_UID, g.frameOfReferenceUid()));
                }
            }
            for (ImageReference image : g.images()) {
                if (!sopInstanceUids.add(image.sopInstanceUid())) {
                    throw new IllegalArgumentException("image listed twice in the Image Library");
                }
                children.add(ContentItem.image(CONTAINS, null, image));
            }
            groupItems.add(ContentItem.container(CONTAINS, Codes.IMAGE_LIBRARY_GROUP, null, children));
        }
        item = ContentItem.container(CONTAINS, Codes.IMAGE_LIBRARY, null, groupItems);
    }

    public boolean contains(ImageReference image) {
        return sopInstanceUids.contains(image.sopInstanceUid());
    }

    public ContentItem item() {
        return item;
    }
}

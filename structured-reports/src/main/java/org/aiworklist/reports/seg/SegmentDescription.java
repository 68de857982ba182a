package org.aiworklist.reports.seg;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.util.Objects;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.Segment;
import org.aiworklist.common.UidRoot;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.sr.Codes;

/**
 * One item of the Segment Sequence (Segment Description macro, PS3.3 C.8.20.2): what the segment is (category and
 * type), its label, that an algorithm made it (AUTOMATIC, with the Algorithm Identification macro: family
 * "Artificial Intelligence", name, version, parameters), and its Tracking ID and UID, which the SR's TID 1411 group
 * for the segment repeats.
 */
public record SegmentDescription(Segment segment, AlgorithmIdentity algorithm, String trackingId, String trackingUid) {
    private static final int MAX_LO = 64;

    public SegmentDescription {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(algorithm, "algorithm");
        if (segment.label().length() > MAX_LO) {
            throw new IllegalArgumentException("segment label longer than 64 characters: segment " + segment.number());
        }
        if (trackingId == null || trackingId.isBlank() || trackingId.length() > MAX_LO) {
            throw new IllegalArgumentException("segment tracking ID must be 1..64 characters");
        }
        if (!UidRoot.isUid(trackingUid)) {
            throw new IllegalArgumentException("segment tracking UID is not a UID");
        }
    }

    AttributeList item(SpecificCharacterSet scs) {
        AttributeList item = new AttributeList();
        Attrs.put(item, TagFromName.SegmentNumber, Integer.toString(segment.number()));
        Attrs.put(item, TagFromName.SegmentLabel, scs, segment.label());
        Attrs.putCode(item, TagFromName.SegmentedPropertyCategoryCodeSequence, segment.category(), scs);
        Attrs.putCode(item, TagFromName.SegmentedPropertyTypeCodeSequence, segment.type(), scs);
        Attrs.put(item, TagFromName.SegmentAlgorithmType, "AUTOMATIC");
        Attrs.put(item, SegTags.SEGMENT_ALGORITHM_NAME, scs, Attrs.lo(algorithm.name()));
        Attrs.putSequence(item, SegTags.SEGMENTATION_ALGORITHM_IDENTIFICATION_SEQUENCE, algorithmIdentification(scs));
        Attrs.put(item, TagFromName.TrackingID, scs, trackingId);
        Attrs.put(item, TagFromName.TrackingUID, trackingUid);
        return item;
    }

    /** Algorithm Identification macro (PS3.3 10.16). */
    private AttributeList algorithmIdentification(SpecificCharacterSet scs) {
        AttributeList a = new AttributeList();
        Attrs.putCode(a, SegTags.ALGORITHM_FAMILY_CODE_SEQUENCE, Codes.ARTIFICIAL_INTELLIGENCE, scs);
        Attrs.put(a, SegTags.ALGORITHM_NAME, scs, Attrs.lo(algorithm.name()));
        Attrs.put(a, SegTags.ALGORITHM_VERSION, scs, Attrs.lo(algorithm.version()));
        if (!algorithm.parameters().isEmpty()) {
            Attrs.put(a, SegTags.ALGORITHM_PARAMETERS, scs, String.join("; ", algorithm.parameters()));
        }
        return a;
    }
}

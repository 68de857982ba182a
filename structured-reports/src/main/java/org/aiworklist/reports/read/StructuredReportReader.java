package org.aiworklist.reports.read;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.reports.sr.Codes;

/** Reads the findings back from a TID 1500 SR (ours or another's), for end-to-end checks and tooling. */
public final class StructuredReportReader {
    private StructuredReportReader() {}

    public static List<ReportedFinding> findings(Path sr) throws IOException {
        AttributeList root = new AttributeList();
        try {
            root.read(sr.toFile());
        } catch (DicomException e) {
            throw new IOException("unreadable SR " + sr.getFileName() + ": " + e.getMessage(), e);
        }
        // Groups that share a Tracking Unique Identifier are one finding (ours: a TID 1411 group and its TID 1410
        // group on the centre slice); the group with a volume surface speaks for it, else the first.
        Map<String, ReportedFinding> byUid = new LinkedHashMap<>();
        List<ReportedFinding> out = new ArrayList<>();
        for (AttributeList measurements : children(root, Codes.IMAGING_MEASUREMENTS)) {
            for (AttributeList group : children(measurements, Codes.MEASUREMENT_GROUP)) {
                ReportedFinding f = finding(group);
                ReportedFinding seen = f.trackingUid() == null ? null : byUid.get(f.trackingUid());
                if (seen == null) {
                    out.add(f);
                    if (f.trackingUid() != null) {
                        byUid.put(f.trackingUid(), f);
                    }
                    continue;
                }
                // the finding keeps the image its planar group is drawn on, whichever group speaks for it
                ReportedFinding kept = seen.centreMm() == null && f.centreMm() != null ? f : seen;
                String image = seen.regionImageUid() != null ? seen.regionImageUid() : f.regionImageUid();
                kept = kept.withRegionImage(image);
                out.set(out.indexOf(seen), kept);
                byUid.put(f.trackingUid(), kept);
            }
        }
        return out;
    }

    private static ReportedFinding finding(AttributeList group) {
        double[] centre = null;
        for (AttributeList surface : children(group, Codes.VOLUME_SURFACE)) {
            double[] pts = Attribute.getDoubleValues(surface, TagFromName.GraphicData);
            centre = new double[3];
            int points = pts.length / 3; // (x,y,z) triplets
            for (int i = 0; i < pts.length; i++) {
                centre[i % 3] += pts[i] / points;
            }
        }
        AttributeList findingItem = first(children(group, Codes.FINDING));
        AttributeList siteItem = first(children(group, Codes.FINDING_SITE));
        return new ReportedFinding(
                text(first(children(group, Codes.TRACKING_IDENTIFIER)), TagFromName.TextValue),
                text(first(children(group, Codes.TRACKING_UNIQUE_IDENTIFIER)), TagFromName.UID),
                findingItem == null ? null : code(findingItem, TagFromName.ConceptCodeSequence),
                siteItem == null ? null : code(siteItem, TagFromName.ConceptCodeSequence),
                centre,
                regionImage(group),
                number(group, Codes.DIAMETER),
                number(group, Codes.VOLUME),
                number(group, Codes.CERTAINTY_OF_FINDING));
    }

    /** The image an Image Region (SCOORD) is selected from: its child IMAGE item's referenced instance. */
    private static String regionImage(AttributeList group) {
        AttributeList region = first(children(group, Codes.IMAGE_REGION));
        if (region == null) {
            return null;
        }
        for (AttributeList item : items(region, TagFromName.ContentSequence)) {
            AttributeList reference = first(items(item, TagFromName.ReferencedSOPSequence));
            if (reference != null) {
                return text(reference, TagFromName.ReferencedSOPInstanceUID);
            }
        }
        return null;
    }

    private static double number(AttributeList group, CodedConcept concept) {
        AttributeList num = first(children(group, concept));
        if (num == null) {
            return Double.NaN;
        }
        AttributeList value = first(items(num, TagFromName.MeasuredValueSequence));
        return value == null
                ? Double.NaN
                : Attribute.getSingleDoubleValueOrDefault(value, TagFromName.NumericValue, Double.NaN);
    }

    private static List<AttributeList> children(AttributeList item, CodedConcept concept) {
        return items(item, TagFromName.ContentSequence).stream()
                .filter(c -> {
                    CodedConcept name = code(c, TagFromName.ConceptNameCodeSequence);
                    return name != null
                            && name.value().equals(concept.value())
                            && name.scheme().equals(concept.scheme());
                })
                .toList();
    }

    private static List<AttributeList> items(AttributeList list, AttributeTag tag) {
        List<AttributeList> out = new ArrayList<>();
        if (list.get(tag) instanceof SequenceAttribute seq) {
            for (int i = 0; i < seq.getNumberOfItems(); i++) {
                out.add(seq.getItem(i).getAttributeList());
            }
        }
        return out;
    }

    private static CodedConcept code(AttributeList list, AttributeTag sequence) {
        AttributeList c = first(items(list, sequence));
        if (c == null) {
            return null;
        }
        String value = text(c, TagFromName.CodeValue);
        String scheme = text(c, TagFromName.CodingSchemeDesignator);
        String meaning = text(c, TagFromName.CodeMeaning);
        return value == null || scheme == null || meaning == null ? null : new CodedConcept(value, scheme, meaning);
    }

    private static String text(AttributeList list, AttributeTag tag) {
        String s = list == null ? null : Attribute.getSingleStringValueOrNull(list, tag);
        return s == null ? null : s.trim();
    }

    private static AttributeList first(List<AttributeList> list) {
        return list.isEmpty() ? null : list.get(0);
    }
}

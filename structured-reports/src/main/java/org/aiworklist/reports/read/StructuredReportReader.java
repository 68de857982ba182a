package org.aiworklist.reports.read;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.reports.sr.Codes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the findings back from a TID 1500 report by plain attribute access, independent of the writer's
 * model: what a receiving system sees. Used to check results end to end.
 */
public final class StructuredReportReader {
    private StructuredReportReader() {
    }

    public static List<ReportedFinding> findings(Path srFile) throws IOException {
        AttributeList root = new AttributeList();
        try {
            root.read(srFile.toFile());
        } catch (DicomException e) {
            throw new IOException("not a readable DICOM file: " + srFile.getFileName(), e);
        }
        List<ReportedFinding> findings = new ArrayList<>();
        for (AttributeList measurements : children(root, Codes.IMAGING_MEASUREMENTS)) {
            for (AttributeList group : children(measurements, Codes.MEASUREMENT_GROUP)) {
                findings.add(finding(group));
            }
        }
        return findings;
    }

    private static ReportedFinding finding(AttributeList group) {
        String trackingId = children(group, Codes.TRACKING_IDENTIFIER).stream()
                .map(i -> Attribute.getSingleStringValueOrNull(i, TagFromName.TextValue)).findFirst().orElse(null);
        String finding = children(group, Codes.FINDING).stream()
                .map(i -> Attribute.getSingleStringValueOrNull(first(i, TagFromName.ConceptCodeSequence), TagFromName.CodeMeaning))
                .findFirst().orElse(null);
        double[] centre = children(group, Codes.VOLUME_SURFACE).stream()
                .map(i -> mean(Attribute.getDoubleValues(i, TagFromName.GraphicData)))
                .findFirst().orElse(null);
        return new ReportedFinding(trackingId, finding, centre, numeric(group, Codes.DIAMETER),
                numeric(group, Codes.CERTAINTY_OF_FINDING));
    }

    /** A NUM anywhere in the group (TID 1419 nests measurements), NaN when absent. */
    private static double numeric(AttributeList item, CodedConcept concept) {
        for (AttributeList child : items(item, TagFromName.ContentSequence)) {
            if (isConcept(child, concept) && "NUM".equals(Attribute.getSingleStringValueOrNull(child, TagFromName.ValueType))) {
                return Attribute.getSingleDoubleValueOrDefault(first(child, TagFromName.MeasuredValueSequence),
                        TagFromName.NumericValue, Double.NaN);
            }
            double nested = numeric(child, concept);
            if (!Double.isNaN(nested)) {
                return nested;
            }
        }
        return Double.NaN;
    }

    /** The centre of a POINT (x,y,z) or of an ELLIPSOID's axis end points. */
    private static double[] mean(double[] xyz) {
        double[] centre = new double[3];
        int points = xyz.length / 3;
        for (int p = 0; p < points; p++) {
            for (int k = 0; k < 3; k++) {
                centre[k] += xyz[3 * p + k] / points;
            }
        }
        return centre;
    }

    private static List<AttributeList> children(AttributeList item, CodedConcept concept) {
        return items(item, TagFromName.ContentSequence).stream().filter(c -> isConcept(c, concept)).toList();
    }

    private static boolean isConcept(AttributeList item, CodedConcept concept) {
        AttributeList name = first(item, TagFromName.ConceptNameCodeSequence);
        return concept.value().equals(Attribute.getSingleStringValueOrNull(name, TagFromName.CodeValue))
                && concept.scheme().equals(Attribute.getSingleStringValueOrNull(name, TagFromName.CodingSchemeDesignator));
    }

    private static AttributeList first(AttributeList list, AttributeTag sequence) {
        List<AttributeList> items = items(list, sequence);
        return items.isEmpty() ? new AttributeList() : items.get(0);
    }

    private static List<AttributeList> items(AttributeList list, AttributeTag sequence) {
        List<AttributeList> out = new ArrayList<>();
        if (list.get(sequence) instanceof SequenceAttribute seq) {
            for (int i = 0; i < seq.getNumberOfItems(); i++) {
                out.add(seq.getItem(i).getAttributeList());
            }
        }
        return out;
    }
}

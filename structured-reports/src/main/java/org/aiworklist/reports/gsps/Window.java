package org.aiworklist.reports.gsps;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.util.List;
import java.util.Set;
import org.aiworklist.common.Finding;
import org.aiworklist.reports.dicom.Attrs;

/**
 * The VOI window a presentation state sets: lung (centre -600, width 1500) for CT findings in the lung or of
 * lung finding types, soft tissue (40/400) for other CT findings; for other modalities the source image's own
 * first window, or none (then the viewer's default applies).
 */
public record Window(double centre, double width, String explanation) {
    public static final Window LUNG = new Window(-600, 1500, "LUNG");
    public static final Window SOFT_TISSUE = new Window(40, 400, "SOFT TISSUE");

    /** SNOMED CT: lung, nodule, pneumothorax, lung mass, emphysema. */
    private static final Set<String> LUNG_CODES = Set.of("39607008", "27925004", "36118008", "126713003", "87433001");

    /** The window for findings on one series; null when none is sensible. */
    public static Window forFindings(List<Finding> findings, String modality, AttributeList keySlice) {
        if ("CT".equals(modality)) {
            boolean lung = findings.stream()
                    .anyMatch(f -> LUNG_CODES.contains(f.finding().value())
                            || (f.findingSite() != null
                                    && LUNG_CODES.contains(f.findingSite().value())));
            return lung ? LUNG : SOFT_TISSUE;
        }
        double[] c = Attrs.doubles(keySlice, TagFromName.WindowCenter);
        double[] w = Attrs.doubles(keySlice, TagFromName.WindowWidth);
        if (c != null && w != null && c.length > 0 && w.length > 0 && w[0] >= 1) {
            return new Window(c[0], w[0], "SOURCE");
        }
        return null;
    }
}

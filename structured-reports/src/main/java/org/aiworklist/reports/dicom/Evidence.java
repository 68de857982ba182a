package org.aiworklist.reports.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.common.ImageReference;

/**
 * Hierarchical SOP Instance Reference macro (study, series, instance), used for the SR evidence sequences
 * and the Predecessor Documents Sequence.
 */
public final class Evidence {
    private Evidence() {}

    /**
     * Puts every referenced instance in exactly one evidence sequence: the document's own study in the
     * Current Requested Procedure Evidence Sequence, other studies (priors) in Pertinent Other Evidence.
     */
    public static void put(AttributeList list, String documentStudyUid, Collection<ImageReference> refs) {
        List<AttributeList> current = new ArrayList<>();
        List<AttributeList> other = new ArrayList<>();
        for (AttributeList study : hierarchical(refs)) {
            String uid = Attrs.string(study, TagFromName.StudyInstanceUID);
            (documentStudyUid.equals(uid) ? current : other).add(study);
        }
        if (!current.isEmpty()) {
            Attrs.putSequence(list, TagFromName.CurrentRequestedProcedureEvidenceSequence, current);
        }
        if (!other.isEmpty()) {
            Attrs.putSequence(list, Attrs.PERTINENT_OTHER_EVIDENCE_SEQUENCE, other);
        }
    }

    /** One item per study, each with its series and instances, in first-seen order; duplicates collapse. */
    public static List<AttributeList> hierarchical(Collection<ImageReference> refs) {
        Map<String, Map<String, Map<String, ImageReference>>> tree = new LinkedHashMap<>();
        for (ImageReference r : refs) {
            tree.computeIfAbsent(r.studyInstanceUid(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.seriesInstanceUid(), k -> new LinkedHashMap<>())
                    .putIfAbsent(r.sopInstanceUid(), r);
        }
        List<AttributeList> studies = new ArrayList<>();
        tree.forEach((studyUid, seriesMap) -> {
            List<AttributeList> series = new ArrayList<>();
            seriesMap.forEach((seriesUid, instances) -> {
                AttributeList s = new AttributeList();
                Attrs.put(s, TagFromName.SeriesInstanceUID, seriesUid);
                Attrs.putSequence(
                        s,
                        TagFromName.ReferencedSOPSequence,
                        instances.values().stream().map(Attrs::sopReference).toList());
                series.add(s);
            });
            AttributeList study = new AttributeList();
            Attrs.put(study, TagFromName.StudyInstanceUID, studyUid);
            Attrs.putSequence(study, TagFromName.ReferencedSeriesSequence, series);
            studies.add(study);
        });
        return studies;
    }
}

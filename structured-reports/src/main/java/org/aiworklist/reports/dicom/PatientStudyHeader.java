package org.aiworklist.reports.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.util.List;

/**
 * Copies the Patient and General Study attributes from a source image into a result, attribute objects
 * and all, so values (e.g. a GB18030 patient name) are written back exactly as they were read.
 */
public final class PatientStudyHeader {
    /** Type 2 in the Patient and General Study modules: present, empty when the source lacks them. */
    private static final List<AttributeTag> TYPE_2 = List.of(
            TagFromName.PatientName,
            TagFromName.PatientID,
            TagFromName.PatientBirthDate,
            TagFromName.PatientSex,
            TagFromName.StudyDate,
            TagFromName.StudyTime,
            TagFromName.ReferringPhysicianName,
            TagFromName.StudyID,
            TagFromName.AccessionNumber);
    /** Optional attributes worth keeping so the result files beside its study. */
    private static final List<AttributeTag> IF_PRESENT = List.of(
            TagFromName.IssuerOfPatientID, TagFromName.StudyDescription, TagFromName.IssuerOfAccessionNumberSequence);

    private PatientStudyHeader() {}

    public static void copy(AttributeList source, AttributeList target) {
        String studyUid = Attrs.string(source, TagFromName.StudyInstanceUID);
        if (studyUid == null) {
            throw new IllegalArgumentException("source image has no Study Instance UID");
        }
        target.put(source.get(TagFromName.StudyInstanceUID));
        for (AttributeTag tag : TYPE_2) {
            if (source.get(tag) != null) {
                target.put(source.get(tag));
            } else {
                Attrs.put(target, tag);
            }
        }
        for (AttributeTag tag : IF_PRESENT) {
            if (source.get(tag) != null) {
                target.put(source.get(tag));
            }
        }
    }
}

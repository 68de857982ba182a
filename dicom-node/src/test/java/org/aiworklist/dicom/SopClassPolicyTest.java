package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SopClassPolicyTest {
    /** What a PACS forwarding whole studies sends besides images. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.840.10008.1.1", // Verification
                "1.2.840.10008.5.1.4.1.1.2", // CT Image
                "1.2.840.10008.5.1.4.1.1.66.4", // Segmentation
                "1.2.840.10008.5.1.4.1.1.481.2", // RT Dose
                "1.2.840.10008.5.1.4.1.1.481.3", // RT Structure Set
                "1.2.840.10008.5.1.4.1.1.481.5", // RT Plan
                "1.2.840.10008.5.1.4.1.1.9.1.1", // 12-lead ECG
                "1.2.840.10008.5.1.4.1.1.104.1", // Encapsulated PDF
                "1.2.840.10008.5.1.4.1.1.11.1", // Grayscale Softcopy Presentation State
                "1.2.840.10008.5.1.4.1.1.88.59", // Key Object Selection
                "1.2.840.10008.5.1.4.1.1.88.34", // Comprehensive 3D SR
                "1.2.840.10008.5.1.4.1.1.9999.1" // a storage class newer than the toolkit
            })
    void everyStorageClassIsAcceptedByDefault(String uid) {
        assertTrue(SopClassPolicy.EVERY_STORAGE_CLASS.accepts(uid), uid);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.840.10008.5.1.4.1.2.2.1", // Study Root Query/Retrieve FIND: not a storage class
                "1.2.840.10008.1.20.1", // Storage Commitment Push Model: negotiated on its own terms
                "1.2.826.0.1.3680043.2.1125.1" // a private UID outside the storage root
            })
    void nonStorageClassesAreNotAccepted(String uid) {
        assertFalse(SopClassPolicy.EVERY_STORAGE_CLASS.accepts(uid), uid);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.5.1.4.1.1.481.2", "1.2.840.10008.5.1.4.1.1.9.1.1"})
    void refusedClassesAreRefusedAndOnlyThey(String uid) {
        SopClassPolicy policy = new SopClassPolicy(Set.of(), Set.of(uid));
        assertFalse(policy.accepts(uid));
        assertTrue(policy.accepts("1.2.840.10008.5.1.4.1.1.2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.5.1.4.1.1.66.4", "1.2.840.10008.1.1"})
    void anAcceptedListNarrowsToItself(String other) {
        SopClassPolicy policy = new SopClassPolicy(Set.of(Uids.CT_IMAGE_STORAGE), Set.of());
        assertTrue(policy.accepts(Uids.CT_IMAGE_STORAGE));
        assertFalse(policy.accepts(other));
    }
}

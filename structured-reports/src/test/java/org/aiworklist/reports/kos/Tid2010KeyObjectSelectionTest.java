package org.aiworklist.reports.kos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.aiworklist.common.CodedConcept;
import org.aiworklist.common.Finding;
import org.aiworklist.common.ImageReference;
import org.aiworklist.reports.dicom.SliceGeometry;
import org.aiworklist.reports.kos.Tid2010KeyObjectSelection.KeyImage;
import org.junit.jupiter.api.Test;

class Tid2010KeyObjectSelectionTest {
    static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    static final String GSPS = "1.2.840.10008.5.1.4.1.1.11.1";
    static final String SR = "1.2.840.10008.5.1.4.1.1.88.34";
    static final CodedConcept NODULE = new CodedConcept("27925004", "SCT", "Nodule");

    static ImageReference ref(String cls, String sop) {
        return new ImageReference("1.2.3", "1.2.3.4", cls, sop);
    }

    static Tid2010KeyObjectSelection kos(CodedConcept title, List<KeyImage> images, List<ImageReference> composites) {
        return new Tid2010KeyObjectSelection(title, null, null, "AI findings: 1", images, composites);
    }

    @Test
    void titleMustBeACid7010TitleWithoutModifier() {
        List<KeyImage> one = List.of(new KeyImage(ref(CT, "1.1"), null));
        kos(Tid2010KeyObjectSelection.OF_INTEREST, one, List.of());
        kos(Tid2010KeyObjectSelection.FOR_REFERRING_PROVIDER, one, List.of());
        assertThrows(
                IllegalArgumentException.class,
                () -> kos(new CodedConcept("113012", "DCM", "Key Object Description"), one, List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> kos(new CodedConcept("113001", "DCM", "Rejected for Quality Reasons"), one, List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> kos(new CodedConcept("113000", "DCM", "of interest"), one, List.of()));
    }

    @Test
    void needsUniqueKeyImagesAndPresentationStates() {
        assertThrows(
                IllegalArgumentException.class, () -> kos(Tid2010KeyObjectSelection.OF_INTEREST, List.of(), List.of()));
        KeyImage a = new KeyImage(ref(CT, "1.1"), null);
        assertThrows(
                IllegalArgumentException.class,
                () -> kos(Tid2010KeyObjectSelection.OF_INTEREST, List.of(a, a), List.of()));
        assertThrows(
                IllegalArgumentException.class,
                () -> kos(Tid2010KeyObjectSelection.OF_INTEREST, List.of(a), List.of(ref(CT, "1.1"))));
        assertThrows(IllegalArgumentException.class, () -> new KeyImage(ref(CT, "1.1"), ref(SR, "9.9")));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Tid2010KeyObjectSelection(
                        Tid2010KeyObjectSelection.OF_INTEREST, null, null, " ", List.of(a), List.of()));
        Tid2010KeyObjectSelection ok = kos(
                Tid2010KeyObjectSelection.OF_INTEREST,
                List.of(new KeyImage(ref(CT, "1.1"), ref(GSPS, "2.2"))),
                List.of(ref(SR, "3.3")));
        assertEquals(
                List.of("1.1", "2.2", "3.3"),
                ok.referencedInstances().stream()
                        .map(ImageReference::sopInstanceUid)
                        .toList());
    }

    /** Axial slices at z = 0, 2.5, 5: each finding's source slice once, ordered along the normal. */
    @Test
    void keySlicesAreTheSourceSlicesInAnatomicalOrder() {
        Map<ImageReference, SliceGeometry> geometry = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            geometry.put(
                    ref(CT, "1." + i),
                    new SliceGeometry(
                            64,
                            64,
                            new double[] {1, 1},
                            new double[] {0, 0, 2.5 * i},
                            new double[] {1, 0, 0, 0, 1, 0},
                            "9.9",
                            2.5));
        }
        Finding high = finding("a", ref(CT, "1.2"), 4.0);
        Finding low = finding("b", ref(CT, "1.0"), 1.0);
        Finding low2 = finding("c", ref(CT, "1.0"), -0.5); // same slice
        assertEquals(
                List.of("1.0", "1.2"),
                KeySlices.of(List.of(high, low, low2), geometry).stream()
                        .map(ImageReference::sopInstanceUid)
                        .toList());
    }

    private static Finding finding(String id, ImageReference source, double z) {
        return new Finding(id, NODULE, null, source, 10, 10, new double[] {10, 10, z}, "9.9", 5, 60, 0.9);
    }
}

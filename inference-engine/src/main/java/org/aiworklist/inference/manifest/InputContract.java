package org.aiworklist.inference.manifest;

import java.util.Set;

/**
 * Which series a model accepts.
 *
 * @param modality          DICOM modality, e.g. CT
 * @param sopClasses        accepted SOP Class UIDs
 * @param orientation       AXIAL, CORONAL, SAGITTAL or ANY (cross-sectional), or PLANAR for CR/DX projection images
 * @param minSliceThicknessMm inclusive
 * @param maxSliceThicknessMm inclusive
 * @param minSlices         fewest slices a series must have
 */
public record InputContract(
        String modality,
        Set<String> sopClasses,
        String orientation,
        double minSliceThicknessMm,
        double maxSliceThicknessMm,
        int minSlices) {
    public static final Set<String> ORIENTATIONS = Set.of("AXIAL", "CORONAL", "SAGITTAL", "ANY", "PLANAR");

    public InputContract {
        sopClasses = Set.copyOf(sopClasses);
    }

    public boolean planar() {
        return "PLANAR".equals(orientation);
    }
}

package org.aiworklist.routes.persistence;

/** Classifies Image Orientation (Patient) by its slice normal, the way assembly rules speak of series. */
public final class Orientation {
    private Orientation() {}

    public static String of(double[] iop) {
        if (iop == null || iop.length != 6) {
            return null;
        }
        double nx = iop[1] * iop[5] - iop[2] * iop[4];
        double ny = iop[2] * iop[3] - iop[0] * iop[5];
        double nz = iop[0] * iop[4] - iop[1] * iop[3];
        double ax = Math.abs(nx), ay = Math.abs(ny), az = Math.abs(nz);
        double cosLimit = 0.9; // within ~25 degrees of a main axis
        if (az >= cosLimit) {
            return "AXIAL";
        }
        if (ay >= cosLimit) {
            return "CORONAL";
        }
        if (ax >= cosLimit) {
            return "SAGITTAL";
        }
        return "OBLIQUE";
    }
}

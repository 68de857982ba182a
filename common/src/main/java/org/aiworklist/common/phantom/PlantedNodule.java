package org.aiworklist.common.phantom;

/** Ground truth for one planted nodule: centre in patient coordinates (LPS, mm) and diameter. */
public record PlantedNodule(double xMm, double yMm, double zMm, double diameterMm) {

    public double[] centre() {
        return new double[] {xMm, yMm, zMm};
    }

    public double distanceTo(double[] point) {
        double dx = point[0] - xMm;
        double dy = point[1] - yMm;
        double dz = point[2] - zMm;
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}

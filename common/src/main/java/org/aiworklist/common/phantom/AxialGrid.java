package org.aiworklist.common.phantom;

/**
 * The grid a phantom is generated on: axial slices of equal rows and columns, the matrix centred on x = y = 0 and
 * the stack on z = 0, slice 0 the most superior.
 */
interface AxialGrid {
    int slices();

    int rows();

    int columns();

    /** In-plane spacing, equal for rows and columns. */
    double pixelSpacingMm();

    /** Slice thickness, also the spacing between slice positions. */
    double sliceThicknessMm();

    /** Patient x of the first column's pixel centres (mm). */
    default double firstXMm() {
        return -(columns() - 1) / 2.0 * pixelSpacingMm();
    }

    /** Patient y of the first row's pixel centres (mm). */
    default double firstYMm() {
        return -(rows() - 1) / 2.0 * pixelSpacingMm();
    }

    /** Patient z of slice 0, the most superior (mm). */
    default double topZMm() {
        return (slices() - 1) / 2.0 * sliceThicknessMm();
    }

    /** Patient z of slice {@code index} (mm); slices run from head to feet. */
    default double sliceZMm(int index) {
        return topZMm() - index * sliceThicknessMm();
    }
}

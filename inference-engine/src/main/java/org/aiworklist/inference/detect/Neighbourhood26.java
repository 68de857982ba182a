package org.aiworklist.inference.detect;

/**
 * The 26-connected neighbourhood of a voxel in a z-major depth x rows x cols grid: the 3x3x3 block around it,
 * the voxel itself included, less what falls outside the grid.
 */
final class Neighbourhood26 {
    /** Room for the whole block; the size of the buffer {@link #indices} fills. */
    static final int BLOCK = 27;

    private Neighbourhood26() {}

    /**
     * Writes into {@code into} the grid indices of the block around (k, j, i) that lie inside the grid, in
     * slice, row, column order, and returns how many it wrote.
     */
    static int indices(int k, int j, int i, int depth, int rows, int cols, int[] into) {
        int count = 0;
        for (int dk = -1; dk <= 1; dk++) {
            for (int dj = -1; dj <= 1; dj++) {
                for (int di = -1; di <= 1; di++) {
                    int nk = k + dk;
                    int nj = j + dj;
                    int ni = i + di;
                    if (nk >= 0 && nk < depth && nj >= 0 && nj < rows && ni >= 0 && ni < cols) {
                        into[count++] = (nk * rows + nj) * cols + ni;
                    }
                }
            }
        }
        return count;
    }
}

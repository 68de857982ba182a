package org.aiworklist.inference.manifest;

/** How the model's input tensor is laid out. */
public enum InputLayout {
    /** Batches of slices: channels are the intensity channels times the context slices (2D and 2.5D models). */
    NCHW(2),
    /** Batches of volumes or 3D patches (3D models). */
    NCDHW(3);

    private final int spatialDims;

    InputLayout(int spatialDims) {
        this.spatialDims = spatialDims;
    }

    /** 2 for NCHW, 3 for NCDHW. */
    public int spatialDims() {
        return spatialDims;
    }
}

package org.aiworklist.common;

/**
 * How a projection image (CR, DX) says it should be shown: its first VOI window, and whether it is MONOCHROME1
 * (low values bright). Read by dicom-node, used where such an image is shown to a model as it would be to a reader.
 *
 * @param windowCentre null when the image carries no window
 * @param windowWidth  null when the image carries no window
 */
public record StoredDisplay(Double windowCentre, Double windowWidth, boolean inverted) {
    public StoredDisplay {
        if ((windowCentre == null) != (windowWidth == null)) {
            throw new IllegalArgumentException("a window needs both centre and width");
        }
    }

    public boolean hasWindow() {
        return windowCentre != null && windowWidth >= 1;
    }
}

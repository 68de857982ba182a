package org.aiworklist.dicom.codec;

import com.pixelmed.imageio.JPEGLosslessImageReaderSpi;
import javax.imageio.ImageReader;

/**
 * Registers PixelMed's JPEG Lossless reader (Debian libpixelmed-imageio-java) under "jpeg-lossless", the format
 * name PixelMed looks up for transfer syntaxes 1.2.840.10008.1.2.4.57 and .70, with the point transform it
 * forgets ({@link PointTransformReader}). PixelMed prefers its own reader to any other, so the pixelmed module
 * leaves out that jar's service entry and this provider stands in for it. The description stays PixelMed's:
 * PixelMed recognises its reader by it.
 */
public final class LosslessJpegImageReaderSpi extends JPEGLosslessImageReaderSpi {
    @Override
    public ImageReader createReaderInstance(Object extension) {
        return new PointTransformReader(this);
    }
}

package org.aiworklist.dicom.codec;

import com.pixelmed.imageio.JPEGLosslessImageReader;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import javax.imageio.ImageReadParam;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * PixelMed's JPEG Lossless reader, which decodes scans with a point transform Pt but returns the samples still
 * shifted right by Pt (T.81 H.1.1 and H.2: the decoder shifts them back left); this reader shifts them back.
 */
final class PointTransformReader extends JPEGLosslessImageReader {
    private static final int SOI = 0xFFD8;
    private static final int SOS = 0xFFDA;

    private int pointTransform;

    PointTransformReader(ImageReaderSpi spi) {
        super(spi);
    }

    @Override
    public void setInput(Object input, boolean seekForwardOnly, boolean ignoreMetadata) {
        super.setInput(input, seekForwardOnly, ignoreMetadata);
        pointTransform = 0;
        if (input instanceof ImageInputStream in) {
            try {
                pointTransform = pointTransform(in);
            } catch (IOException e) {
                // no readable scan header: PixelMed's parse fails on the same stream and reports it
            }
        }
    }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
        BufferedImage image = super.read(imageIndex, param);
        if (pointTransform > 0) {
            WritableRaster raster = image.getRaster();
            int[] samples = null;
            for (int band = 0; band < raster.getNumBands(); band++) {
                samples = raster.getSamples(0, 0, raster.getWidth(), raster.getHeight(), band, samples);
                for (int i = 0; i < samples.length; i++) {
                    samples[i] <<= pointTransform;
                }
                raster.setSamples(0, 0, raster.getWidth(), raster.getHeight(), band, samples);
            }
        }
        return image;
    }

    /** Al, the low nibble of the first scan header's last byte (T.81 B.2.3); the stream is left where it was. */
    private static int pointTransform(ImageInputStream in) throws IOException {
        in.mark();
        try {
            if (in.readUnsignedShort() != SOI) {
                return 0;
            }
            while (true) {
                int marker = in.readUnsignedShort();
                while (marker == 0xFFFF) { // fill byte before the marker
                    marker = 0xFF00 | in.readUnsignedByte();
                }
                int length = in.readUnsignedShort();
                if (marker == SOS) {
                    in.skipBytes(length - 3);
                    return in.readUnsignedByte() & 0x0F;
                }
                in.skipBytes(length - 2);
            }
        } finally {
            in.reset();
        }
    }
}

package org.aiworklist.dicom.codec;

import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * Registers {@link LosslessJpegImageReader} with ImageIO (META-INF/services) under the format name PixelMed asks
 * for, "jpeg-lossless".
 */
public final class LosslessJpegImageReaderSpi extends ImageReaderSpi {
    public LosslessJpegImageReaderSpi() {
        super("aiworklist", "1", new String[]{"jpeg-lossless"}, null, null,
                LosslessJpegImageReader.class.getName(), new Class<?>[]{ImageInputStream.class}, null,
                false, null, null, null, null, false, null, null, null, null);
    }

    /** Accepts a JPEG stream whose first frame header is SOF3 (lossless, Huffman). */
    @Override
    public boolean canDecodeInput(Object source) throws IOException {
        if (!(source instanceof ImageInputStream in)) {
            return false;
        }
        byte[] head = new byte[4096];
        in.mark();
        try {
            int n = in.read(head);
            if (n < 4 || (head[0] & 0xFF) != 0xFF || (head[1] & 0xFF) != 0xD8) {
                return false;
            }
            for (int i = 2; i + 1 < n; i++) {
                if ((head[i] & 0xFF) == 0xFF && (head[i + 1] & 0xFF) == 0xC3) {
                    return true;
                }
            }
            return false;
        } finally {
            in.reset();
        }
    }

    @Override
    public ImageReader createReaderInstance(Object extension) {
        return new LosslessJpegImageReader(this);
    }

    @Override
    public String getDescription(Locale locale) {
        return "Lossless JPEG (process 14, single component) reader";
    }
}

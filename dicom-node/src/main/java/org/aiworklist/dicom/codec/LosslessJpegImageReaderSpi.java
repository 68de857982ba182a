package org.aiworklist.dicom.codec;

import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/** Registers the lossless JPEG (process 14) decoder with ImageIO under PixelMed's format name "jpeg-lossless". */
public final class LosslessJpegImageReaderSpi extends ImageReaderSpi {
    public LosslessJpegImageReaderSpi() {
        super("aiworklist", "1", new String[]{"jpeg-lossless"}, null, null,
                GrayscaleImageReader.class.getName(), new Class<?>[]{ImageInputStream.class}, null,
                false, null, null, null, null, false, null, null, null, null);
    }

    @Override
    public boolean canDecodeInput(Object source) throws IOException {
        return GrayscaleImageReader.startsJpegWithFrame(source, 0xC3);
    }

    @Override
    public ImageReader createReaderInstance(Object extension) {
        return new GrayscaleImageReader(this, LosslessJpegDecoder::decode);
    }

    @Override
    public String getDescription(Locale locale) {
        return "Lossless JPEG (process 14, single component) reader";
    }
}

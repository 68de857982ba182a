package org.aiworklist.dicom.codec;

import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/** Registers the JPEG-LS decoder with ImageIO under PixelMed's format name "jpeg-ls". */
public final class JpegLsImageReaderSpi extends ImageReaderSpi {
    public JpegLsImageReaderSpi() {
        super(
                "aiworklist",
                "1",
                new String[] {"jpeg-ls"},
                null,
                null,
                JpegLsImageReader.class.getName(),
                new Class<?>[] {ImageInputStream.class},
                null,
                false,
                null,
                null,
                null,
                null,
                false,
                null,
                null,
                null,
                null);
    }

    @Override
    public boolean canDecodeInput(Object source) throws IOException {
        return JpegLsImageReader.startsJpegLs(source);
    }

    @Override
    public ImageReader createReaderInstance(Object extension) {
        return new JpegLsImageReader(this);
    }

    @Override
    public String getDescription(Locale locale) {
        return "JPEG-LS (lossless and near-lossless, single component) reader";
    }
}

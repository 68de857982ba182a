package org.aiworklist.dicom.codec;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;

/**
 * ImageIO reader over {@link JpegLsDecoder}, so that PixelMed, which looks readers up by format name ("jpeg-ls"),
 * decompresses such DICOM data when reading and when transcoding to send. Samples of up to 8 bits come out as
 * TYPE_BYTE_GRAY, wider ones as TYPE_USHORT_GRAY.
 */
final class JpegLsImageReader extends ImageReader {
    private DecodedImage image;

    JpegLsImageReader(ImageReaderSpi spi) {
        super(spi);
    }

    @Override
    public void setInput(Object input, boolean seekForwardOnly, boolean ignoreMetadata) {
        super.setInput(input, seekForwardOnly, ignoreMetadata);
        image = null;
    }

    @Override
    public int getNumImages(boolean allowSearch) {
        return 1;
    }

    @Override
    public int getWidth(int imageIndex) throws IOException {
        return decoded(imageIndex).width();
    }

    @Override
    public int getHeight(int imageIndex) throws IOException {
        return decoded(imageIndex).height();
    }

    @Override
    public Iterator<ImageTypeSpecifier> getImageTypes(int imageIndex) throws IOException {
        return List.of(ImageTypeSpecifier.createFromBufferedImageType(bufferedImageType(decoded(imageIndex))))
                .iterator();
    }

    @Override
    public IIOMetadata getStreamMetadata() {
        return null;
    }

    @Override
    public IIOMetadata getImageMetadata(int imageIndex) {
        return null;
    }

    @Override
    public BufferedImage read(int imageIndex, ImageReadParam param) throws IOException {
        DecodedImage d = decoded(imageIndex);
        BufferedImage out = new BufferedImage(d.width(), d.height(), bufferedImageType(d));
        short[] samples = d.samples();
        if (out.getRaster().getDataBuffer() instanceof DataBufferUShort u) {
            System.arraycopy(samples, 0, u.getData(), 0, samples.length);
        } else {
            byte[] bytes = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < samples.length; i++) {
                bytes[i] = (byte) samples[i];
            }
        }
        return out;
    }

    private static int bufferedImageType(DecodedImage d) {
        return d.precision() <= 8 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_USHORT_GRAY;
    }

    private DecodedImage decoded(int imageIndex) throws IOException {
        if (imageIndex != 0) {
            throw new IndexOutOfBoundsException("one image per stream, asked for " + imageIndex);
        }
        if (image == null) {
            if (!(getInput() instanceof ImageInputStream in)) {
                throw new IllegalStateException("input is not an ImageInputStream");
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buf = new byte[65_536];
            for (int n; (n = in.read(buf)) > 0; ) {
                bytes.write(buf, 0, n);
            }
            try {
                image = JpegLsDecoder.decode(bytes.toByteArray());
            } catch (IOException e) {
                throw new IIOException("jpeg-ls: " + e.getMessage(), e);
            }
        }
        return image;
    }

    /** True when the stream starts with SOI and names SOF55 (0xF7, JPEG-LS) in its first 4 KiB. */
    static boolean startsJpegLs(Object source) throws IOException {
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
                if ((head[i] & 0xFF) == 0xFF && (head[i + 1] & 0xFF) == 0xF7) {
                    return true;
                }
            }
            return false;
        } finally {
            in.reset();
        }
    }
}

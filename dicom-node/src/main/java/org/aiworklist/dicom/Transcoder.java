package org.aiworklist.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/** Re-encodes a data set in a native transfer syntax, decompressing pixel data where needed (PixelMed + ImageIO). */
final class Transcoder {
    private Transcoder() {}

    /** The data set (no meta header) of {@code file} in {@code transferSyntaxUid}. */
    static byte[] toNative(Path file, String transferSyntaxUid) throws IOException {
        try {
            AttributeList list = new AttributeList();
            list.read(file.toFile()); // decompresses encapsulated pixel data by default
            list.removeMetaInformationHeaderAttributes();
            list.removeGroupLengthAttributes();
            list.correctDecompressedImagePixelModule();
            list.insertLossyImageCompressionHistoryIfDecompressed();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
            try (DicomOutputStream out = new DicomOutputStream(bytes, null, transferSyntaxUid)) {
                list.write(out);
            }
            return bytes.toByteArray();
        } catch (DicomException e) {
            throw new IOException("cannot transcode to " + transferSyntaxUid + ": " + e.getMessage(), e);
        }
    }
}

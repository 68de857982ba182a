package org.aiworklist.reports.read;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.aiworklist.reports.sc.DisplayPixels;

/**
 * Frames of DICOM images as PNG pictures for a web page: our Secondary Captures as they were written, source
 * slices through the same window the Secondary Captures use.
 */
public final class ResultPictures {
    private ResultPictures() {}

    /** Number of Frames, read from the header only (1 when absent). */
    public static int frameCount(Path file) throws IOException {
        AttributeList header = new AttributeList();
        try {
            header.read(file.toFile(), TagFromName.PixelData);
        } catch (DicomException e) {
            throw new IOException("unreadable image " + file.getFileName() + ": " + e.getMessage(), e);
        }
        return Math.max(1, Attribute.getSingleIntegerValueOrDefault(header, TagFromName.NumberOfFrames, 1));
    }

    /** Frame {@code frame} (0-based) as PNG. */
    public static byte[] png(Path file, int frame) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(DisplayPixels.read(file, frame), "png", out)) {
            throw new IOException("no PNG writer");
        }
        return out.toByteArray();
    }
}

package org.aiworklist.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The File Meta Information of a PS3.10 file, read by PixelMed: what the SCU needs to choose a presentation
 * context, where the data set starts so it can be sent byte for byte, and who sent it to the spool.
 */
record Part10File(
        Path path,
        String sopClassUid,
        String sopInstanceUid,
        String transferSyntaxUid,
        long dataSetOffset,
        long dataSetLength,
        String sourceAeTitle) {
    /** Preamble and "DICM" (PS3.10 7.1), then the group length element itself, which its value does not count. */
    private static final int BEFORE_GROUP_LENGTH_VALUE = 128 + 4 + 12;

    static Part10File read(Path path) throws IOException {
        long size = Files.size(path);
        AttributeList meta = new AttributeList();
        try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(path), 4096))) {
            if (!in.haveMetaHeader()) {
                throw new IOException("not a DICOM Part 10 file (no DICM prefix)");
            }
            meta.readOnlyMetaInformationHeader(in);
        } catch (DicomException e) {
            throw new IOException("unreadable meta header: " + e.getMessage(), e);
        }
        String sopClass = Attribute.getSingleStringValueOrNull(meta, TagFromName.MediaStorageSOPClassUID);
        String sopInstance = Attribute.getSingleStringValueOrNull(meta, TagFromName.MediaStorageSOPInstanceUID);
        String ts = Attribute.getSingleStringValueOrNull(meta, TagFromName.TransferSyntaxUID);
        long groupLength = Attribute.getSingleLongValueOrDefault(meta, TagFromName.FileMetaInformationGroupLength, -1);
        if (sopClass == null || sopInstance == null || ts == null || groupLength < 0) {
            throw new IOException("meta header lacks its group length, SOP class, SOP instance or transfer syntax");
        }
        long offset = BEFORE_GROUP_LENGTH_VALUE + groupLength;
        if (offset > size) {
            throw new IOException("file ends inside its meta header");
        }
        String sourceAe = Attribute.getSingleStringValueOrNull(meta, TagFromName.SourceApplicationEntityTitle);
        return new Part10File(path, sopClass, sopInstance, ts, offset, size - offset, sourceAe);
    }
}

package org.aiworklist.reports.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.aiworklist.common.OwnerOnly;

/** Writes a DICOM Part 10 file (Explicit VR Little Endian), atomically so a crash never leaves half a file. */
public final class Part10 {
    private Part10() {}

    /**
     * Writes the list to {@code out} with an Explicit VR Little Endian file meta header, atomically.
     *
     * @param sourceAeTitle the Source Application Entity Title of the meta header: the writing node's AE title
     */
    public static void write(AttributeList list, Path out, String sourceAeTitle) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        OwnerOnly.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".writing-", ".dcm", OwnerOnly.fileAttributes(dir));
        try {
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, sourceAeTitle);
            list.write(tmp.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (DicomException e) {
            throw new IOException("cannot encode " + out.getFileName() + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

package org.aiworklist.reports.read;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.validate.DicomSRValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * PixelMed's SR validator (IOD content constraints and root template rules) on an SR file, ours or another's, for
 * end-to-end checks and tooling. One validator is slow to make (seconds, about a gigabyte): keep it for a batch.
 * Needs the JDK 17 XPath limits lifted (see the build's test flags).
 */
public final class StructuredReportValidation {
    private final DicomSRValidator validator;

    public StructuredReportValidation() throws IOException {
        try {
            validator = new DicomSRValidator();
        } catch (javax.xml.transform.TransformerConfigurationException e) {
            throw new IOException("PixelMed's SR validator cannot start: " + e.getMessage(), e);
        }
    }

    /** The validator's whole report, one finding a line (which template it found, what it checked, errors). */
    public List<String> report(Path sr) throws IOException {
        AttributeList list = new AttributeList();
        try {
            list.read(sr.toFile());
            return validator.validate(list).lines().filter(l -> !l.isBlank()).toList();
        } catch (DicomException
                | javax.xml.transform.TransformerException
                | javax.xml.parsers.ParserConfigurationException e) {
            throw new IOException("cannot validate " + sr.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** The report's error lines: none for anything the node emits. */
    public List<String> errors(Path sr) throws IOException {
        return report(sr).stream().filter(l -> l.contains("Error")).toList();
    }
}

package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CtSeriesWriterIT {
    @TempDir
    Path dir;

    @Test
    void asciiSeriesPassesDciodvfyWithoutErrors() throws Exception {
        CtSeriesWriter.Series s = TestSeries.write(dir, 2, 32);
        assertEquals(2, s.files().size());
        assertNoErrors(s.files().get(0));
        assertTrue(s.studyInstanceUid().startsWith("2.25."), "UIDs default to the 2.25 arc, not PixelMed's root");
    }

    @Test
    void utf8NameIsWrittenWithIsoIr192AndPassesDciodvfy() throws Exception {
        assertOneSliceValidWithName(TestSeries.writer("Müller^Zoë"), "ISO_IR 192", "Müller^Zoë");
    }

    @Test
    void gb18030NameRoundTripsAndSignedPixelsPassDciodvfy() throws Exception {
        CtSeriesWriter writer = CtSeriesWriter.builder(
                        new CtSeriesWriter.Patient("王^小明", "P2", LocalDate.of(1970, 1, 1), "M"),
                        new CtSeriesWriter.Study("A2", "CT", LocalDateTime.of(2024, 1, 2, 3, 4, 5)))
                .characterSet(CtSeriesWriter.CharacterSet.GB18030)
                .signedPixels(true)
                .uidRoot("1.2.826.0.1.3680043.10.1")
                .build();
        Path file = assertOneSliceValidWithName(writer, "GB18030", "王^小明");
        assertTrue(Attribute.getSingleStringValueOrNull(read(file), TagFromName.SOPInstanceUID)
                .startsWith("1.2.826.0.1.3680043.10.1."));
        assertEquals(-1024f, DicomSliceReader.read(file).values()[0]);
    }

    /**
     * Writes one slice with {@code writer}, checks it with dciodvfy and that it names the patient in the expected
     * Specific Character Set; returns the file.
     */
    private Path assertOneSliceValidWithName(CtSeriesWriter writer, String specificCharacterSet, String patientName)
            throws Exception {
        Path file = writer.write(TestSeries.slices(1, 16), dir).files().get(0);
        assertNoErrors(file);
        AttributeList list = read(file);
        assertEquals(
                specificCharacterSet, Attribute.getSingleStringValueOrNull(list, TagFromName.SpecificCharacterSet));
        assertEquals(patientName, Attribute.getSingleStringValueOrNull(list, TagFromName.PatientName));
        return file;
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    private static void assertNoErrors(Path file) throws Exception {
        Dcmtk.Result r = Dcmtk.run("dciodvfy", file.toString());
        assertFalse(r.output().contains("Error"), r.output());
        assertTrue(r.output().contains("CTImage"), r.output());
    }
}

package org.aiworklist.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keywords as rules name them, and the text of a header the index keeps for them: no names, no identifiers. */
class DicomKeywordsTest {
    @Test
    void keywordsAreFoundInAnyCaseAndSayWhetherTheIndexKeepsThem() {
        DicomKeywords.Keyword bodyPart = DicomKeywords.find("bodypartexamined").orElseThrow();
        assertEquals(new DicomKeywords.Keyword("BodyPartExamined", "(0018,0015)", "CS", true), bodyPart);
        assertEquals("AS", DicomKeywords.find("PatientAge").orElseThrow().vr());
        assertFalse(DicomKeywords.find("Rows").orElseThrow().indexed(), "group 0028: after the header");
        assertFalse(DicomKeywords.find("PatientName").orElseThrow().indexed(), "a person name");
        assertFalse(DicomKeywords.find("PatientID").orElseThrow().indexed(), "a patient identifier");
        assertFalse(DicomKeywords.find("ReferencedImageSequence").orElseThrow().indexed(), "a sequence");
        assertEquals(Optional.empty(), DicomKeywords.find("BodyPartExamind"));
    }

    @Test
    void theHeaderTextKeepsWhatRulesMayMatchAndNoPatientIdentity() throws DicomException {
        AttributeList header = new AttributeList();
        put(header, new CodeStringAttribute(TagFromName.BodyPartExamined), "CHEST");
        put(header, new CodeStringAttribute(TagFromName.ImageType), "ORIGINAL", "PRIMARY", "AXIAL");
        put(header, new LongStringAttribute(TagFromName.StationName), "CT01");
        put(header, new PersonNameAttribute(TagFromName.PatientName), "DOE^JANE");
        put(header, new LongStringAttribute(TagFromName.PatientID), "PID-7");
        put(header, new LongStringAttribute(new AttributeTag(0x0009, 0x0010)), "VENDOR");
        header.put(new SequenceAttribute(TagFromName.ReferencedImageSequence));
        put(header, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME2"); // group 0028
        put(header, new UnsignedShortAttribute(TagFromName.Rows), "512");
        put(header, new OtherByteAttribute(TagFromName.ICCProfile));
        assertEquals(
                Map.of("BodyPartExamined", "CHEST", "ImageType", "ORIGINAL\\PRIMARY\\AXIAL", "StationName", "CT01"),
                DicomKeywords.textByKeyword(header));
    }

    private static void put(AttributeList list, Attribute a, String... values) throws DicomException {
        for (String v : values) {
            a.addValue(v);
        }
        list.put(a);
    }
}

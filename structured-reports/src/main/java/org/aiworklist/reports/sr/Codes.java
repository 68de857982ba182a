package org.aiworklist.reports.sr;

import java.util.Map;
import org.aiworklist.common.CodedConcept;

/**
 * Coded concepts used by the result writers (PS3.16 Annex D for DCM; SNOMED CT as SCT, never the retired
 * SRT). Code meanings are spelled exactly as PixelMed's validator expects: it compares them case-sensitively.
 */
public final class Codes {
    private Codes() {}

    // TID 1500 structure
    public static final CodedConcept IMAGING_MEASUREMENT_REPORT = dcm("126000", "Imaging Measurement Report");
    public static final CodedConcept IMAGING_MEASUREMENTS = dcm("126010", "Imaging Measurements");
    public static final CodedConcept QUALITATIVE_EVALUATIONS =
            new CodedConcept("C0034375", "UMLS", "Qualitative Evaluations");
    public static final CodedConcept MEASUREMENT_GROUP = dcm("125007", "Measurement Group");
    public static final CodedConcept PROCEDURE_REPORTED = dcm("121058", "Procedure reported");
    public static final CodedConcept IMAGE_LIBRARY = dcm("111028", "Image Library");
    public static final CodedConcept IMAGE_LIBRARY_GROUP = dcm("126200", "Image Library Group");

    // TID 2000 Basic Diagnostic Imaging Report: title (CID 7000), section headings (CID 7001), items (CID 7002)
    public static final CodedConcept DIAGNOSTIC_IMAGING_REPORT =
            new CodedConcept("18748-4", "LN", "Diagnostic Imaging Report");
    public static final CodedConcept FINDINGS = dcm("121070", "Findings");
    public static final CodedConcept IMPRESSIONS = dcm("121072", "Impressions");
    public static final CodedConcept IMPRESSION = dcm("121073", "Impression");

    // TID 1204 language
    public static final CodedConcept LANGUAGE_OF_CONTENT = dcm("121049", "Language of Content Item and Descendants");
    public static final CodedConcept ENGLISH_US = new CodedConcept("en-US", "RFC5646", "English (United States)");

    // TID 1002 / 1004 observer context
    public static final CodedConcept OBSERVER_TYPE = dcm("121005", "Observer Type");
    public static final CodedConcept DEVICE = dcm("121007", "Device");
    public static final CodedConcept DEVICE_OBSERVER_UID = dcm("121012", "Device Observer UID");
    public static final CodedConcept DEVICE_OBSERVER_NAME = dcm("121013", "Device Observer Name");
    public static final CodedConcept DEVICE_OBSERVER_MANUFACTURER = dcm("121014", "Device Observer Manufacturer");
    public static final CodedConcept DEVICE_OBSERVER_MODEL_NAME = dcm("121015", "Device Observer Model Name");

    // TID 4019 algorithm identification
    public static final CodedConcept ALGORITHM_NAME = dcm("111001", "Algorithm Name");
    public static final CodedConcept ALGORITHM_VERSION = dcm("111003", "Algorithm Version");
    public static final CodedConcept ALGORITHM_PARAMETERS = dcm("111002", "Algorithm Parameters");

    // TID 4108 tracking, TID 1410/1411 regions, TID 1602 descriptors
    public static final CodedConcept TRACKING_IDENTIFIER = dcm("112039", "Tracking Identifier");
    public static final CodedConcept TRACKING_UNIQUE_IDENTIFIER = dcm("112040", "Tracking Unique Identifier");
    public static final CodedConcept FINDING = dcm("121071", "Finding");
    public static final CodedConcept FINDING_SITE = sct("363698007", "Finding Site");
    public static final CodedConcept IMAGE_REGION = dcm("111030", "Image Region");
    public static final CodedConcept VOLUME_SURFACE = dcm("121231", "Volume Surface");
    public static final CodedConcept SOURCE_IMAGE_FOR_SEGMENTATION = dcm("121233", "Source image for segmentation");
    public static final CodedConcept SOURCE_SERIES_FOR_SEGMENTATION = dcm("121232", "Source series for segmentation");
    public static final CodedConcept REFERENCED_SEGMENT = dcm("121191", "Referenced Segment");
    public static final CodedConcept MODALITY = dcm("121139", "Modality");
    public static final CodedConcept FRAME_OF_REFERENCE_UID = dcm("112227", "Frame of Reference UID");

    // Measurements (TID 1419 row 5) and their UCUM units
    public static final CodedConcept DIAMETER = sct("81827009", "Diameter");
    public static final CodedConcept VOLUME = sct("118565006", "Volume");
    /** The model's probability for the finding, as a fraction in [0,1]. */
    public static final CodedConcept CERTAINTY_OF_FINDING = dcm("111012", "Certainty of Finding");

    public static final CodedConcept MILLIMETER = ucum("mm", "millimeter");
    public static final CodedConcept CUBIC_MILLIMETER = ucum("mm3", "cubic millimeter");
    public static final CodedConcept NO_UNITS = ucum("1", "no units");

    // A negative result (TID 1500 row 13)
    public static final CodedConcept CLINICAL_FINDING_ABSENT = sct("373572006", "Clinical finding absent");
    // A classifier's verdict on a finding (TID 1500 row 13: the finding as concept, one of these as value)
    public static final CodedConcept PRESENT = sct("52101004", "Present");
    public static final CodedConcept ABSENT = sct("2667000", "Absent");

    // Segmentation: algorithm family (CID 7162), frame derivation (CID 7203), purpose of a source image (CID 7202)
    public static final CodedConcept ARTIFICIAL_INTELLIGENCE = dcm("123110", "Artificial Intelligence");
    public static final CodedConcept SEGMENTATION = dcm("113076", "Segmentation");
    public static final CodedConcept SOURCE_IMAGE_FOR_PROCESSING =
            dcm("121322", "Source image for image processing operation");

    // Equipment
    public static final CodedConcept PROCESSING_EQUIPMENT = dcm("109102", "Processing Equipment");

    /** CID 100 "Quantitative Diagnostic Imaging Procedures" entries by source modality. */
    private static final Map<String, CodedConcept> PROCEDURES = Map.of(
            "CT", ln("25045-6", "CT unspecified body region"),
            "MR", ln("25056-3", "MRI unspecified body region"),
            "NM", ln("49118-3", "NM unspecified body region"),
            "PT", ln("44136-0", "PET unspecified body region"));
    /** CID 100's generic entry, for modalities (CR, DX, MG, ...) that have no specific one there. */
    public static final CodedConcept IMAGING_PROCEDURE = sct("363679005", "Imaging procedure");

    /** CID 29 "Acquisition Modality" entries for the modalities the node accepts. */
    private static final Map<String, CodedConcept> MODALITIES = Map.ofEntries(
            Map.entry("CT", dcm("CT", "Computed Tomography")),
            Map.entry("MR", dcm("MR", "Magnetic Resonance")),
            Map.entry("CR", dcm("CR", "Computed Radiography")),
            Map.entry("DX", dcm("DX", "Digital Radiography")),
            Map.entry("MG", dcm("MG", "Mammography")),
            Map.entry("PT", dcm("PT", "Positron emission tomography")),
            Map.entry("NM", dcm("NM", "Nuclear Medicine")),
            Map.entry("US", dcm("US", "Ultrasound")),
            Map.entry("XA", dcm("XA", "X-Ray Angiography")));

    /** Procedure reported (CID 100) for a source modality. */
    public static CodedConcept procedureFor(String modality) {
        return PROCEDURES.getOrDefault(modality, IMAGING_PROCEDURE);
    }

    /** Modality as a CID 29 code, or null when the modality has no entry here. */
    public static CodedConcept modality(String modality) {
        return modality == null ? null : MODALITIES.get(modality);
    }

    private static CodedConcept dcm(String value, String meaning) {
        return new CodedConcept(value, "DCM", meaning);
    }

    private static CodedConcept sct(String value, String meaning) {
        return new CodedConcept(value, "SCT", meaning);
    }

    private static CodedConcept ln(String value, String meaning) {
        return new CodedConcept(value, "LN", meaning);
    }

    private static CodedConcept ucum(String value, String meaning) {
        return new CodedConcept(value, "UCUM", meaning);
    }
}

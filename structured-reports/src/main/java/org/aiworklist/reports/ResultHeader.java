package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.dicom.OutputCharset;
import org.aiworklist.reports.dicom.PatientStudyHeader;
import org.aiworklist.reports.sr.Codes;

/** Header attributes the SR and SC share: labelling, equipment, provenance. */
final class ResultHeader {
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final int MAX_SH = 16;

    private ResultHeader() {}

    /** What every result object says it is: SOP class and instance, and its own series in the source study. */
    static void identify(
            AttributeList list,
            SpecificCharacterSet scs,
            String sopClassUid,
            String sopInstanceUid,
            String modality,
            String seriesInstanceUid,
            int seriesNumber,
            String kind,
            AlgorithmIdentity algorithm) {
        Attrs.put(list, TagFromName.SOPClassUID, sopClassUid);
        Attrs.put(list, TagFromName.SOPInstanceUID, sopInstanceUid);
        Attrs.put(list, TagFromName.Modality, modality);
        Attrs.put(list, TagFromName.SeriesInstanceUID, seriesInstanceUid);
        Attrs.put(list, TagFromName.SeriesNumber, Integer.toString(seriesNumber));
        Attrs.put(list, TagFromName.SeriesDescription, scs, seriesDescription(kind, algorithm));
    }

    /** "AI result <kind>: <model> <version>[ - <disclaimer>]", cut at a word to the 64 characters of LO. */
    static String seriesDescription(String kind, AlgorithmIdentity a) {
        String s = "AI result " + kind + ": " + a.name() + " " + a.version();
        if (a.disclaimer() != null && !a.disclaimer().isBlank()) {
            s += " - " + a.disclaimer();
        }
        String cut = Attrs.lo(s);
        int space = cut.lastIndexOf(' ');
        String shortened = cut.length() == s.length() || space < 0 ? cut : cut.substring(0, space);
        return shortened.replaceAll("[\\s-]+$", ""); // no dangling separator where the disclaimer was cut
    }

    /** Every new text a result may carry, to choose a character set able to encode it. */
    private static List<String> newTexts(AlgorithmIdentity a, DeviceIdentity d, List<String> content) {
        List<String> texts = new ArrayList<>(
                List.of(a.name(), a.version(), a.manufacturer(), d.nodeName(), d.manufacturer(), d.softwareVersion()));
        texts.add(a.disclaimer());
        texts.addAll(a.parameters());
        texts.addAll(content);
        return texts;
    }

    /**
     * What every result object starts with: the patient and study copied from the source, in the character set
     * chosen for the result, the node and the algorithm as equipment, and the content date and time.
     *
     * @return the character set to encode new text with
     */
    static SpecificCharacterSet begin(
            AttributeList list,
            AttributeList studySource,
            AlgorithmIdentity a,
            DeviceIdentity d,
            String deviceUid,
            ZonedDateTime now) {
        return begin(list, studySource, a, d, deviceUid, now, List.of());
    }

    /** As above, for a result that also carries text of its own (a draft report's sections). */
    static SpecificCharacterSet begin(
            AttributeList list,
            AttributeList studySource,
            AlgorithmIdentity a,
            DeviceIdentity d,
            String deviceUid,
            ZonedDateTime now,
            List<String> contentTexts) {
        PatientStudyHeader.copy(studySource, list);
        SpecificCharacterSet scs = OutputCharset.apply(studySource, list, newTexts(a, d, contentTexts));
        generalEquipment(list, d, scs);
        contributingEquipment(list, a, deviceUid, scs, now);
        Attrs.put(list, TagFromName.ContentDate, now.format(DA));
        Attrs.put(list, TagFromName.ContentTime, now.format(TM));
        return scs;
    }

    /** The node as General Equipment: it made the object, so the source scanner's identity is not copied. */
    private static void generalEquipment(AttributeList list, DeviceIdentity d, SpecificCharacterSet scs) {
        Attrs.put(list, TagFromName.Manufacturer, scs, d.manufacturer());
        Attrs.put(
                list,
                TagFromName.StationName,
                scs,
                d.nodeName().length() <= MAX_SH ? d.nodeName() : d.nodeName().substring(0, MAX_SH));
        Attrs.put(list, TagFromName.SoftwareVersions, scs, d.softwareVersion());
    }

    /** The algorithm as Contributing Equipment, the way IHE AIR asks (manufacturer, model, version, UID). */
    private static void contributingEquipment(
            AttributeList list, AlgorithmIdentity a, String deviceUid, SpecificCharacterSet scs, ZonedDateTime now) {
        AttributeList item = new AttributeList();
        Attrs.putCode(item, TagFromName.PurposeOfReferenceCodeSequence, Codes.PROCESSING_EQUIPMENT, scs);
        Attrs.put(item, TagFromName.Manufacturer, scs, Attrs.lo(a.manufacturer()));
        Attrs.put(item, TagFromName.ManufacturerModelName, scs, Attrs.lo(a.name()));
        Attrs.put(item, TagFromName.SoftwareVersions, scs, Attrs.lo(a.version()));
        Attrs.put(item, TagFromName.DeviceUID, deviceUid);
        Attrs.put(item, Attrs.CONTRIBUTION_DATE_TIME, now.format(DT));
        if (a.disclaimer() != null && !a.disclaimer().isBlank()) {
            Attrs.put(item, TagFromName.ContributionDescription, scs, a.disclaimer());
        }
        Attrs.putSequence(list, TagFromName.ContributingEquipmentSequence, item);
    }

    static String deviceObserverUid(DeviceIdentity d, ResultIdentity id, AlgorithmIdentity a) {
        return d.deviceObserverUid() != null
                ? d.deviceObserverUid()
                : DerivedUids.deviceObserver(id.uidRoot(), d.nodeName(), a.modelId(), a.version());
    }
}

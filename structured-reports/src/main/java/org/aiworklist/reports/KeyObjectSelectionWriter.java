package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.dicom.Evidence;
import org.aiworklist.reports.dicom.Part10;
import org.aiworklist.reports.dicom.SliceGeometry;
import org.aiworklist.reports.kos.KeySlices;
import org.aiworklist.reports.kos.Tid2010KeyObjectSelection;
import org.aiworklist.reports.kos.Tid2010KeyObjectSelection.KeyImage;
import org.aiworklist.reports.sr.Tid1001ObservationContext;
import org.aiworklist.reports.sr.Tid1204Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a Key Object Selection Document (SOP Class 1.2.840.10008.5.1.4.1.1.88.59, modality KO, TID 2010) that
 * flags the key slices of a job: the source image through each finding's centre (see {@link KeySlices}). Many
 * PACS flag KOS-referenced images even where they show no SR content.
 *
 * <ul>
 *   <li>Document title (113000, DCM, "Of Interest"): the images are selected by an algorithm, not addressed to
 *       anyone; "For Referring Provider" would claim a clinician's selection for distribution.
 *   <li>Key Object Description: "AI findings: N" with the algorithm and its disclaimer.
 *   <li>One IMAGE per key slice; with a GSPS, each IMAGE names it in its nested Referenced SOP Sequence
 *       (Image Reference Macro, PS3.3 C.18.4) so that a viewer opens the slice with the annotations applied.
 *   <li>The job's SR, when given, as a COMPOSITE item.
 *   <li>Current Requested Procedure Evidence Sequence: every referenced instance; no Identical Documents.
 *   <li>In the source study, in its own series (series number {@value #SERIES_NUMBER}); UIDs derived from the job.
 * </ul>
 *
 * <p><b>No findings, no KOS:</b> a result without findings has no key images, and TID 2010 needs at least one
 * referenced object; a KOS pointing only at the SR would flag nothing in a PACS. {@link #write} then writes
 * nothing and returns empty: the negative result is carried by the SR alone.
 */
public final class KeyObjectSelectionWriter {
    private static final Logger log = LoggerFactory.getLogger(KeyObjectSelectionWriter.class);
    static final int SERIES_NUMBER = 9904;

    private final DeviceIdentity device;

    public KeyObjectSelectionWriter(DeviceIdentity device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /**
     * Writes the KOS file (DICOM Part 10, Explicit VR LE), or nothing when the result has no findings.
     *
     * @param sources the source images, each finding's source image among them (their planes order the key slices)
     * @param sr      the job's SR to reference as COMPOSITE, or null
     * @param gsps    the job's Grayscale Softcopy Presentation State to apply to the key images, or null; it must
     *                cover every key slice (its Referenced Series Sequence lists them)
     */
    public Optional<WrittenObject> write(
            InferenceResult result,
            List<SourceInstance> sources,
            ResultIdentity id,
            WrittenObject sr,
            WrittenObject gsps,
            Path outFile)
            throws IOException {
        if (result.findings().isEmpty()) {
            log.info("no findings for job {}: no KOS", PhiSafe.hash(id.jobKey()));
            return Optional.empty();
        }
        SourceSet src = SourceSet.read(sources);
        Map<ImageReference, SliceGeometry> geometry = new LinkedHashMap<>();
        sources.forEach(s -> geometry.put(s.reference(), SliceGeometry.of(src.header(s.reference()))));
        result.findings().forEach(f -> src.header(f.sourceImage())); // each finding's image must be given
        List<ImageReference> keySlices = KeySlices.of(result.findings(), geometry);

        String studyUid = keySlices.get(0).studyInstanceUid();
        AttributeList studySource = src.anyOfStudy(studyUid);
        DerivedUids uids = new DerivedUids(id);
        AlgorithmIdentity algorithm = result.algorithm();
        String deviceUid = ResultHeader.deviceObserverUid(device, id, algorithm);
        ZonedDateTime now = ZonedDateTime.now(ZoneId.systemDefault()); // DICOM DA/TM: the device's local time

        ImageReference gspsRef = gsps == null ? null : reference(studyUid, gsps);
        List<KeyImage> keyImages = new ArrayList<>();
        keySlices.forEach(k -> keyImages.add(new KeyImage(k, gspsRef)));
        Tid2010KeyObjectSelection kos = new Tid2010KeyObjectSelection(
                Tid2010KeyObjectSelection.OF_INTEREST,
                Tid1204Language.englishUs(),
                new Tid1001ObservationContext(deviceUid, device.nodeName(), device.manufacturer(), algorithm.name()),
                description(result),
                keyImages,
                sr == null ? List.of() : List.of(reference(studyUid, sr)));

        String seriesUid = uids.kosSeries();
        String sopUid = uids.kosInstance();
        AttributeList list = new AttributeList();
        SpecificCharacterSet scs = ResultHeader.begin(list, studySource, algorithm, device, deviceUid, now);
        ResultHeader.identify(
                list,
                scs,
                SOPClass.KeyObjectSelectionDocumentStorage,
                sopUid,
                "KO",
                seriesUid,
                SERIES_NUMBER,
                "KOS",
                algorithm);
        Attrs.putSequence(list, TagFromName.ReferencedPerformedProcedureStepSequence, List.of());
        Attrs.put(list, TagFromName.InstanceNumber, "1");
        kos.encode(list, scs);
        Attrs.putSequence(
                list,
                TagFromName.CurrentRequestedProcedureEvidenceSequence,
                Evidence.hierarchical(kos.referencedInstances()));

        Part10.write(list, outFile, device.aeTitle());
        log.info(
                "wrote KOS {} with {} key image(s) for job {}",
                PhiSafe.hash(sopUid),
                keySlices.size(),
                PhiSafe.hash(id.jobKey()));
        return Optional.of(new WrittenObject(outFile, SOPClass.KeyObjectSelectionDocumentStorage, sopUid, seriesUid));
    }

    /** "AI findings: N", the algorithm, and its disclaimer: the KOS is read without the SR by many PACS. */
    static String description(InferenceResult result) {
        AlgorithmIdentity a = result.algorithm();
        StringBuilder s = new StringBuilder("AI findings: ")
                .append(result.findings().size())
                .append(" (")
                .append(a.name())
                .append(' ')
                .append(a.version())
                .append("). AI RESULT - NOT FOR PRIMARY DIAGNOSIS.");
        if (a.disclaimer() != null && !a.disclaimer().isBlank()) {
            s.append(' ').append(a.disclaimer().strip());
        }
        return s.toString();
    }

    /** Results of this job live in the source study (the writers put them there). */
    private static ImageReference reference(String studyUid, WrittenObject w) {
        return new ImageReference(studyUid, w.seriesInstanceUid(), w.sopClassUid(), w.sopInstanceUid());
    }
}

package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.GeneratedDraft;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.dicom.Evidence;
import org.aiworklist.reports.dicom.Part10;
import org.aiworklist.reports.draft.DraftStatement;
import org.aiworklist.reports.draft.Tid2000BasicDiagnosticImagingReport;
import org.aiworklist.reports.draft.Tid2000BasicDiagnosticImagingReport.Section;
import org.aiworklist.reports.sr.Codes;
import org.aiworklist.reports.sr.Tid1001ObservationContext;
import org.aiworklist.reports.sr.Tid1204Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a generative model's draft report as an Enhanced SR with a TID 2000 Basic Diagnostic Imaging Report:
 * Findings and Impressions sections as TEXT, each opening with the statement that it is an unverified AI draft;
 * Verification Flag UNVERIFIED, Preliminary Flag PRELIMINARY, Completion Flag PARTIAL; the device observer names
 * the model and its version, what served it and the prompt template's SHA-256; the evidence lists the images sent.
 * It goes into the source study in its own series, apart from the detector's SR.
 */
public final class DraftReportWriter {
    private static final Logger log = LoggerFactory.getLogger(DraftReportWriter.class);
    /** After the detector's results (SR 9901, SC 9902/9903). */
    static final int SERIES_NUMBER = 9911;

    private final DeviceIdentity device;

    public DraftReportWriter(DeviceIdentity device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /**
     * Writes one SR file (DICOM Part 10, Explicit VR LE).
     *
     * @param sources the files of the images sent, for the patient and study attributes
     * @param id      the draft job's identity; a predecessor is the earlier draft SR of the same study and model
     */
    public WrittenObject write(GeneratedDraft draft, List<SourceInstance> sources, ResultIdentity id, Path outFile)
            throws IOException {
        SourceSet src = SourceSet.read(sources);
        DerivedUids uids = new DerivedUids(id);
        AlgorithmIdentity algorithm = draft.algorithm();
        String studyUid = draft.imagesSent().get(0).studyInstanceUid();
        AttributeList studySource = src.anyOfStudy(studyUid);
        String deviceUid = ResultHeader.deviceObserverUid(device, id, algorithm);
        String findings = DraftStatement.prefixed(draft.findings());
        String impression = DraftStatement.prefixed(draft.impression());
        Tid1001ObservationContext observer = observer(draft, deviceUid);

        AttributeList list = new AttributeList();
        SpecificCharacterSet scs = ResultHeader.begin(
                list,
                studySource,
                algorithm,
                device,
                deviceUid,
                ZonedDateTime.now(ZoneId.systemDefault()),
                List.of(findings, impression, observerModel(draft)));
        String sopUid = uids.srInstance();
        String seriesUid = uids.srSeries();
        ResultHeader.identify(
                list, scs, SOPClass.EnhancedSRStorage, sopUid, "SR", seriesUid, SERIES_NUMBER, "draft", algorithm);
        Attrs.putSequence(list, TagFromName.ReferencedPerformedProcedureStepSequence, List.of());
        Attrs.put(list, TagFromName.InstanceNumber, "1");
        Attrs.put(list, TagFromName.CompletionFlag, "PARTIAL");
        Attrs.put(list, TagFromName.VerificationFlag, "UNVERIFIED");
        Attrs.put(list, Attrs.PRELIMINARY_FLAG, "PRELIMINARY");
        Attrs.putSequence(list, TagFromName.PerformedProcedureCodeSequence, List.of());
        if (id.predecessorSrSopInstanceUid() != null) {
            Attrs.putSequence(
                    list,
                    TagFromName.PredecessorDocumentsSequence,
                    Evidence.hierarchical(List.of(predecessor(id, studyUid))));
        }
        new Tid2000BasicDiagnosticImagingReport(
                        Tid1204Language.englishUs(),
                        observer,
                        Codes.procedureFor(Attrs.string(studySource, TagFromName.Modality)),
                        List.of(
                                new Section(Codes.FINDINGS, List.of(findings)),
                                new Section(Codes.IMPRESSIONS, List.of(impression))))
                .root()
                .encode(list, scs);
        Evidence.put(list, studyUid, draft.imagesSent());

        Part10.write(list, outFile, device.aeTitle());
        log.info(
                "wrote draft SR {} ({} images referenced) for job {}",
                PhiSafe.hash(sopUid),
                draft.imagesSent().size(),
                PhiSafe.hash(id.jobKey()));
        return new WrittenObject(outFile, SOPClass.EnhancedSRStorage, sopUid, seriesUid);
    }

    /** TID 1004: the model and its version as the observer's name, what served it and the prompt as its model. */
    private static Tid1001ObservationContext observer(GeneratedDraft draft, String deviceUid) {
        AlgorithmIdentity a = draft.algorithm();
        return new Tid1001ObservationContext(
                deviceUid, a.name() + " " + a.version(), a.manufacturer(), observerModel(draft));
    }

    static String observerModel(GeneratedDraft draft) {
        return draft.servedModel() + " served by " + draft.servingKind() + "; prompt template sha256 "
                + draft.promptSha256();
    }

    /** The earlier draft SR of this study and model, which this one supersedes. */
    private static ImageReference predecessor(ResultIdentity id, String studyUid) {
        if (id.predecessorSrSeriesInstanceUid() == null) {
            throw new IllegalArgumentException("a superseded draft SR needs its series UID");
        }
        return new ImageReference(
                studyUid,
                id.predecessorSrSeriesInstanceUid(),
                SOPClass.EnhancedSRStorage,
                id.predecessorSrSopInstanceUid());
    }
}

package org.aiworklist.reports;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.GeneratedDraft;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.reports.SecondaryCaptureObjects.Frame;
import org.aiworklist.reports.draft.DraftPageRenderer;
import org.aiworklist.reports.draft.DraftPageRenderer.Paragraph;
import org.aiworklist.reports.draft.DraftStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The draft report as Secondary Capture pages for PACS that cannot show SR text: the same statement and texts as
 * the draft SR, under the draft banner, in its own series of the source study (one multi-frame object or one
 * object per page, as the destination wants).
 */
public final class DraftPageWriter {
    private static final Logger log = LoggerFactory.getLogger(DraftPageWriter.class);
    /** After the draft SR's 9911; one series per layout, as for the findings' SC. */
    static final int MULTI_FRAME_SERIES = 9912;

    static final int SINGLE_FRAME_SERIES = 9913;

    private final DeviceIdentity device;

    public DraftPageWriter(DeviceIdentity device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    public List<WrittenObject> write(
            GeneratedDraft draft,
            List<SourceInstance> sources,
            ResultIdentity id,
            SecondaryCaptureWriter.Layout layout,
            Path outDir)
            throws IOException {
        SourceSet src = SourceSet.read(sources);
        AlgorithmIdentity a = draft.algorithm();
        String findings = DraftStatement.prefixed(draft.findings());
        String impression = DraftStatement.prefixed(draft.impression());
        DraftPageRenderer renderer = new DraftPageRenderer(
                a.name() + " " + a.version() + " \u2014 " + DraftReportWriter.observerModel(draft),
                "prompt template sha256 " + draft.promptSha256());
        List<BufferedImage> pages = renderer.pages(List.of(
                new Paragraph(null, DraftStatement.TEXT),
                new Paragraph("FINDINGS", stripStatement(findings)),
                new Paragraph("IMPRESSION", stripStatement(impression))));
        List<Frame> frames =
                pages.stream().map(page -> new Frame(page, draft.imagesSent())).toList();
        List<WrittenObject> written = SecondaryCaptureObjects.write(
                new SecondaryCaptureObjects.Context(
                        device,
                        a,
                        src,
                        src.anyOfStudy(draft.imagesSent().get(0).studyInstanceUid()),
                        new DerivedUids(id),
                        ResultHeader.deviceObserverUid(device, id, a),
                        layout,
                        layout == SecondaryCaptureWriter.Layout.SINGLE_FRAME ? SINGLE_FRAME_SERIES : MULTI_FRAME_SERIES,
                        "draft page",
                        "AI-generated draft report text by " + a.name() + " " + a.version()
                                + " from the source images; not verified by a physician",
                        List.of(findings, impression)),
                frames,
                outDir);
        log.info("wrote {} draft page(s) for job {}", pages.size(), PhiSafe.hash(id.jobKey()));
        return written;
    }

    /** The page says the statement once, above both sections. */
    private static String stripStatement(String text) {
        return text.substring(DraftStatement.TEXT.length()).strip();
    }
}

package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.ClassVerdict;
import org.aiworklist.common.Classification;
import org.aiworklist.common.Finding;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.reports.SecondaryCaptureObjects.Frame;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.dicom.SliceGeometry;
import org.aiworklist.reports.sc.DisplayPixels;
import org.aiworklist.reports.sc.FrameRenderer;
import org.aiworklist.reports.sc.Probability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the result as Secondary Capture for viewers that cannot render SR: a summary frame first (a classifier's
 * verdicts, or the findings), then one
 * frame per key slice (the source slice of each finding, findings drawn on it) ordered head to feet, each with
 * the "not for primary diagnosis" banner. Key slices are shown at source resolution or a whole-number
 * enlargement ({@link FrameRenderer}). Multi-frame True Color SC by default; single-frame SC (one object per frame) for
 * archives that need it.
 */
public final class SecondaryCaptureWriter {
    public enum Layout {
        MULTI_FRAME_TRUE_COLOR,
        SINGLE_FRAME
    }

    private static final Logger log = LoggerFactory.getLogger(SecondaryCaptureWriter.class);
    /** One series per layout (their objects differ), numbered after the SR's 9901. */
    private static final Map<Layout, Integer> SERIES_NUMBERS =
            Map.of(Layout.MULTI_FRAME_TRUE_COLOR, 9902, Layout.SINGLE_FRAME, 9903);

    private final DeviceIdentity device;

    public SecondaryCaptureWriter(DeviceIdentity device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    public List<WrittenObject> write(
            InferenceResult result, List<SourceInstance> sources, ResultIdentity id, Layout layout, Path outDir)
            throws IOException {
        SourceSet src = SourceSet.read(sources);
        AlgorithmIdentity a = result.algorithm();
        List<Frame> frames = frames(result, src, a);
        List<WrittenObject> written = SecondaryCaptureObjects.write(
                new SecondaryCaptureObjects.Context(
                        device,
                        a,
                        src,
                        src.anyOfStudy(result.imagesUsed().get(0).studyInstanceUid()),
                        new DerivedUids(id),
                        ResultHeader.deviceObserverUid(device, id, a),
                        layout,
                        SERIES_NUMBERS.get(layout),
                        "SC",
                        "AI result rendered by " + a.name() + " " + a.version()
                                + ": findings drawn on their source images; not for primary diagnosis",
                        List.of()),
                frames,
                outDir);
        log.info(
                "wrote {} SC object(s), {} frame(s), for job {}",
                written.size(),
                frames.size(),
                PhiSafe.hash(id.jobKey()));
        return written;
    }

    /** A key slice: the source image of one or more findings, and what is needed to draw and order it. */
    private record KeySlice(ImageReference ref, AttributeList header, BufferedImage display, List<Finding> findings) {}

    /**
     * The summary first, then one frame per key slice (findings sharing a slice share its frame), ordered head to
     * feet; the summary lists the findings in the same order.
     */
    private static List<Frame> frames(InferenceResult result, SourceSet src, AlgorithmIdentity a) throws IOException {
        Map<ImageReference, List<Finding>> bySlice = new LinkedHashMap<>();
        result.findings().forEach(f -> bySlice.computeIfAbsent(f.sourceImage(), k -> new ArrayList<>())
                .add(f));
        List<KeySlice> slices = new ArrayList<>();
        for (Map.Entry<ImageReference, List<Finding>> e : bySlice.entrySet()) {
            slices.add(new KeySlice(
                    e.getKey(), src.header(e.getKey()), DisplayPixels.read(src.file(e.getKey())), e.getValue()));
        }
        slices.sort(HEAD_TO_FEET);
        FrameRenderer renderer = FrameRenderer.forSources(
                a.name(),
                a.version(),
                a.disclaimer(),
                slices.stream()
                        .map(s -> new Dimension(
                                s.display().getWidth(), s.display().getHeight()))
                        .toList());

        List<Frame> keyFrames = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (KeySlice slice : slices) {
            SliceGeometry g = SliceGeometry.of(slice.header());
            String image = "image "
                    + Objects.requireNonNullElse(Attrs.string(slice.header(), TagFromName.InstanceNumber), "?");
            List<FrameRenderer.Mark> marks = new ArrayList<>();
            for (Finding f : slice.findings()) {
                double radiusPx = f.diameterMm() / 2 / g.columnSpacing();
                marks.add(new FrameRenderer.Mark(
                        f.centreColumn(), f.centreRow(), Double.isNaN(radiusPx) ? 0 : radiusPx, shortLabel(f)));
                lines.add((lines.size() + 1) + ". " + longLabel(f) + " (" + image + ")");
            }
            keyFrames.add(new Frame(
                    renderer.keySlice(
                            slice.display(),
                            marks,
                            "Series "
                                    + Objects.requireNonNullElse(
                                            Attrs.string(slice.header(), TagFromName.SeriesNumber), "?")
                                    + ", " + image),
                    List.of(slice.ref())));
        }
        String title = result.findings().isEmpty()
                ? "No findings"
                : result.findings().size() + " finding" + (result.findings().size() == 1 ? "" : "s");
        if (result.classification().isPresent()) {
            Classification c = result.classification().get();
            title = c.present().isEmpty() ? "Negative" : "Positive";
            c.verdicts().forEach(v -> lines.add(verdictLine(v)));
        }
        List<ImageReference> summarySources = slices.isEmpty()
                ? result.imagesUsed()
                : slices.stream().map(KeySlice::ref).toList();
        List<Frame> frames = new ArrayList<>();
        frames.add(new Frame(renderer.summary(title, lines), summarySources));
        frames.addAll(keyFrames);
        return frames;
    }

    /**
     * Superior first: by the patient z (LPS, +z towards the head) of the slice centre, descending. Slices without
     * a patient plane (projection images) follow in finding order, as do slices at the same height.
     */
    private static final Comparator<KeySlice> HEAD_TO_FEET = Comparator.comparing(
            (KeySlice s) -> superiorMm(SliceGeometry.of(s.header())), Comparator.nullsLast(Comparator.reverseOrder()));

    /** Patient z in mm of the centre of a slice, or null for an image without a patient plane. */
    static Double superiorMm(SliceGeometry g) {
        if (!g.hasPlane()) {
            return null;
        }
        double z = g.position()[2];
        if (g.pixelSpacing() != null) {
            z += g.rowDirection()[2] * g.pixelSpacing()[1] * (g.columns() - 1) / 2.0
                    + g.columnDirection()[2] * g.pixelSpacing()[0] * (g.rows() - 1) / 2.0;
        }
        return z;
    }

    private static String shortLabel(Finding f) {
        return f.trackingId()
                + (Double.isNaN(f.diameterMm()) ? "" : String.format(Locale.ROOT, " %.1f mm", f.diameterMm()))
                + " p=" + Probability.format(f.probability());
    }

    /** E.g. "Pulmonary nodule of 8 mm or more: PRESENT, p=0.97 (threshold 0.50)". */
    private static String verdictLine(ClassVerdict v) {
        return v.description() + ": " + (v.present() ? "PRESENT" : "absent") + ", p="
                + Probability.format(v.probability()) + " (threshold " + Probability.format(v.threshold()) + ")";
    }

    private static String longLabel(Finding f) {
        StringBuilder s = new StringBuilder(f.trackingId())
                .append(": ")
                .append(f.finding().meaning());
        if (f.findingSite() != null) {
            s.append(", ").append(f.findingSite().meaning());
        }
        if (!Double.isNaN(f.diameterMm())) {
            s.append(String.format(Locale.ROOT, ", %.1f mm", f.diameterMm()));
        }
        if (!Double.isNaN(f.volumeMm3())) {
            s.append(String.format(Locale.ROOT, ", %.0f mm\u00b3", f.volumeMm3()));
        }
        return s.append(", p=").append(Probability.format(f.probability())).toString();
    }
}

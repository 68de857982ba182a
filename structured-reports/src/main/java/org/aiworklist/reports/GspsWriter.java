package org.aiworklist.reports;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.common.Finding;
import org.aiworklist.common.ImageReference;
import org.aiworklist.common.InferenceResult;
import org.aiworklist.common.PhiSafe;
import org.aiworklist.reports.dicom.Attrs;
import org.aiworklist.reports.dicom.Part10;
import org.aiworklist.reports.dicom.SliceGeometry;
import org.aiworklist.reports.gsps.FindingText;
import org.aiworklist.reports.gsps.PixelCircle;
import org.aiworklist.reports.gsps.PsTags;
import org.aiworklist.reports.gsps.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the findings as Grayscale Softcopy Presentation States (PS3.3 A.33.1), for PACS and viewers that draw
 * GSPS over the original images but do not render SR: one presentation state per job and source series with
 * findings, in the source study, in the job's own PR series.
 *
 * <p>Each names every image of its source series that has a source file (Referenced Series Sequence), shows them
 * scaled to fit, in a window chosen for the findings ({@link Window}: lung for nodules), and carries on each key
 * slice (the slice through a finding's centre) a CIRCLE in PIXEL units (centre and a point on the circumference,
 * from the finding's patient coordinates and diameter and the slice's geometry) and a text with the label, size,
 * probability and "AI"; on every image, the disclaimer the Secondary Capture banner carries.
 *
 * <p>Rules: a result without findings gives no presentation state (an empty list): there is nothing to draw, and
 * the SR and SC already record the negative result. A finding whose centre is not on its key slice, a series
 * whose referenced images differ in rescale (one Modality LUT per presentation state) and an object that breaks
 * the checks in {@code check} are refused with an exception before anything is written.
 */
public final class GspsWriter {
    private static final Logger log = LoggerFactory.getLogger(GspsWriter.class);
    /** After the SR's 9901 and the SC's 9902/9903; 9904 is left for the Key Object Selection. */
    static final int SERIES_NUMBER = 9905;

    static final String CONTENT_LABEL = "AI_FINDINGS";
    static final String FINDINGS_LAYER = "AI_FINDINGS";
    static final String DISCLAIMER_LAYER = "AI_DISCLAIMER";
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss");
    private static final int MAX_ST = 1024;

    private final DeviceIdentity device;

    public GspsWriter(DeviceIdentity device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /** The banner text of the Secondary Capture, in ASCII so that any character set can carry it. */
    static String disclaimer(AlgorithmIdentity a) {
        String s = "AI RESULT - NOT FOR PRIMARY DIAGNOSIS - " + a.name() + " " + a.version();
        if (a.disclaimer() != null && !a.disclaimer().isBlank()) {
            s += " - " + a.disclaimer();
        }
        return s.length() <= MAX_ST ? s : s.substring(0, MAX_ST);
    }

    /**
     * Writes one presentation state per source series with findings, named gsps-N.dcm in outDir (N counts the
     * series in finding order from 1, the Instance Number).
     *
     * @param sources the source files: every key slice, and the other images of the series to be referenced
     * @return the objects written, none for a result without findings
     */
    public List<WrittenObject> write(
            InferenceResult result, List<SourceInstance> sources, ResultIdentity id, Path outDir) throws IOException {
        if (result.findings().isEmpty()) {
            return List.of();
        }
        SourceSet src = SourceSet.read(sources);
        Map<String, List<Finding>> bySeries = new LinkedHashMap<>();
        result.findings()
                .forEach(f -> bySeries.computeIfAbsent(f.sourceImage().seriesInstanceUid(), k -> new ArrayList<>())
                        .add(f));
        DerivedUids uids = new DerivedUids(id);
        AlgorithmIdentity a = result.algorithm();
        String deviceUid = ResultHeader.deviceObserverUid(device, id, a);
        ZonedDateTime now = ZonedDateTime.now(ZoneId.systemDefault()); // DICOM DA/TM: the device's local time
        List<AttributeList> built = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, List<Finding>> e : bySeries.entrySet()) {
            n++;
            List<ImageReference> images = new ArrayList<>(new LinkedHashSet<>(result.imagesUsed().stream()
                    .filter(r -> r.seriesInstanceUid().equals(e.getKey()))
                    .filter(r -> has(src, r))
                    .toList()));
            e.getValue().stream()
                    .map(Finding::sourceImage)
                    .filter(r -> !images.contains(r))
                    .distinct()
                    .forEach(images::add);
            AttributeList list = build(
                    a, src, images, e.getValue(), uids.gspsSeries(), uids.gspsInstance(e.getKey()), n, deviceUid, now);
            check(list);
            built.add(list);
        }
        List<WrittenObject> written = new ArrayList<>();
        for (int i = 0; i < built.size(); i++) {
            AttributeList list = built.get(i);
            Path file = outDir.resolve("gsps-" + (i + 1) + ".dcm");
            Part10.write(list, file, device.aeTitle());
            written.add(new WrittenObject(
                    file,
                    SOPClass.GrayscaleSoftcopyPresentationStateStorage,
                    Attrs.string(list, TagFromName.SOPInstanceUID),
                    uids.gspsSeries()));
        }
        log.info("wrote {} GSPS object(s) for job {}", written.size(), PhiSafe.hash(id.jobKey()));
        return written;
    }

    private static boolean has(SourceSet src, ImageReference r) {
        try {
            src.header(r);
            return true;
        } catch (IllegalArgumentException noFile) {
            return false;
        }
    }

    private AttributeList build(
            AlgorithmIdentity a,
            SourceSet src,
            List<ImageReference> images,
            List<Finding> findings,
            String seriesUid,
            String sop,
            int instanceNumber,
            String deviceUid,
            ZonedDateTime now) {
        AttributeList key = src.header(findings.get(0).sourceImage());
        AttributeList list = new AttributeList();
        SpecificCharacterSet scs = ResultHeader.begin(list, key, a, device, deviceUid, now);
        // Content Date/Time are not in the GSPS IOD: Presentation Creation Date/Time say when it was made.
        list.remove(TagFromName.ContentDate);
        list.remove(TagFromName.ContentTime);

        // SOP Common, General Series, Presentation Series
        ResultHeader.identify(
                list,
                scs,
                SOPClass.GrayscaleSoftcopyPresentationStateStorage,
                sop,
                "PR",
                seriesUid,
                SERIES_NUMBER,
                "GSPS",
                a);
        Attrs.putSeriesLaterality(key, list);

        // Presentation State Identification
        Attrs.put(list, TagFromName.InstanceNumber, Integer.toString(instanceNumber));
        Attrs.put(list, TagFromName.ContentLabel, CONTENT_LABEL);
        Attrs.put(
                list,
                TagFromName.ContentDescription,
                scs,
                Attrs.lo(findings.size() + " AI finding" + (findings.size() == 1 ? "" : "s") + ": " + a.name() + " "
                        + a.version()));
        Attrs.put(list, TagFromName.PresentationCreationDate, now.format(DA));
        Attrs.put(list, TagFromName.PresentationCreationTime, now.format(TM));
        Attrs.put(list, TagFromName.ContentCreatorName, scs, Attrs.lo(device.nodeName()));

        // Presentation State Relationship
        AttributeList series = new AttributeList();
        Attrs.put(series, TagFromName.SeriesInstanceUID, images.get(0).seriesInstanceUid());
        Attrs.putSequence(
                series,
                TagFromName.ReferencedImageSequence,
                images.stream().map(Attrs::sopReference).toList());
        Attrs.putSequence(list, TagFromName.ReferencedSeriesSequence, series);

        displayedArea(list, src, images);
        modalityLut(list, src, images, Attrs.string(key, TagFromName.Modality));
        Window w = Window.forFindings(findings, Attrs.string(key, TagFromName.Modality), key);
        if (w != null) {
            AttributeList voi = new AttributeList();
            Attrs.putSequence(
                    voi,
                    TagFromName.ReferencedImageSequence,
                    images.stream().map(Attrs::sopReference).toList());
            Attrs.put(voi, TagFromName.WindowCenter, num(w.centre()));
            Attrs.put(voi, TagFromName.WindowWidth, num(w.width()));
            Attrs.put(voi, TagFromName.WindowCenterWidthExplanation, w.explanation());
            Attrs.putSequence(list, PsTags.SOFTCOPY_VOI_LUT_SEQUENCE, voi);
        }
        Attrs.put(
                list,
                TagFromName.PresentationLUTShape,
                "MONOCHROME1".equals(Attrs.string(key, TagFromName.PhotometricInterpretation))
                        ? "INVERSE"
                        : "IDENTITY");

        graphicAnnotations(list, src, findings, a, scs);
        Attrs.putSequence(
                list,
                PsTags.GRAPHIC_LAYER_SEQUENCE,
                List.of(
                        layer(FINDINGS_LAYER, 1, "AI findings: circles and labels", scs),
                        layer(DISCLAIMER_LAYER, 2, "AI result disclaimer", scs)));
        return list;
    }

    /** Findings grouped by key slice: one annotation item per slice, then the disclaimer for all images. */
    private static void graphicAnnotations(
            AttributeList list, SourceSet src, List<Finding> findings, AlgorithmIdentity a, SpecificCharacterSet scs) {
        Map<ImageReference, List<Finding>> bySlice = new LinkedHashMap<>();
        findings.forEach(f ->
                bySlice.computeIfAbsent(f.sourceImage(), k -> new ArrayList<>()).add(f));
        List<AttributeList> items = new ArrayList<>();
        for (Map.Entry<ImageReference, List<Finding>> e : bySlice.entrySet()) {
            SliceGeometry g = SliceGeometry.of(src.header(e.getKey()));
            List<AttributeList> graphics = new ArrayList<>();
            List<AttributeList> texts = new ArrayList<>();
            for (Finding f : e.getValue()) {
                PixelCircle c = PixelCircle.of(f, g);
                graphics.add(
                        c.hasRadius()
                                ? graphic("CIRCLE", c.column(), c.row(), c.column() + c.radius(), c.row())
                                : graphic("POINT", c.column(), c.row()));
                texts.add(label(FindingText.label(f), c, g, scs));
            }
            AttributeList item = new AttributeList();
            Attrs.putSequence(item, TagFromName.ReferencedImageSequence, Attrs.sopReference(e.getKey()));
            Attrs.put(item, PsTags.GRAPHIC_LAYER, FINDINGS_LAYER);
            Attrs.putSequence(item, PsTags.TEXT_OBJECT_SEQUENCE, texts);
            Attrs.putSequence(item, PsTags.GRAPHIC_OBJECT_SEQUENCE, graphics);
            items.add(item);
        }
        // No Referenced Image Sequence: the disclaimer applies to every image of the presentation state.
        AttributeList disclaimer = new AttributeList();
        Attrs.put(disclaimer, PsTags.GRAPHIC_LAYER, DISCLAIMER_LAYER);
        AttributeList text = new AttributeList();
        Attrs.put(text, PsTags.BOUNDING_BOX_ANNOTATION_UNITS, "DISPLAY");
        Attrs.put(text, PsTags.UNFORMATTED_TEXT_VALUE, scs, disclaimer(a));
        Attrs.put(text, PsTags.BOUNDING_BOX_TOP_LEFT_HAND_CORNER, "0.01", "0.01");
        Attrs.put(text, PsTags.BOUNDING_BOX_BOTTOM_RIGHT_HAND_CORNER, "0.99", "0.06");
        Attrs.put(text, PsTags.BOUNDING_BOX_TEXT_HORIZONTAL_JUSTIFICATION, "CENTER");
        Attrs.putSequence(disclaimer, PsTags.TEXT_OBJECT_SEQUENCE, text);
        items.add(disclaimer);
        Attrs.putSequence(list, TagFromName.GraphicAnnotationSequence, items);
    }

    /** PIXEL units; points as column\row pairs. */
    private static AttributeList graphic(String type, double... points) {
        AttributeList g = new AttributeList();
        Attrs.put(g, PsTags.GRAPHIC_ANNOTATION_UNITS, "PIXEL");
        Attrs.put(g, PsTags.GRAPHIC_DIMENSIONS, "2");
        Attrs.put(g, PsTags.NUMBER_OF_GRAPHIC_POINTS, Integer.toString(points.length / 2));
        String[] values = new String[points.length];
        for (int i = 0; i < points.length; i++) {
            values[i] = num(points[i]);
        }
        Attrs.put(g, TagFromName.GraphicData, values);
        Attrs.put(g, TagFromName.GraphicType, type);
        Attrs.put(g, PsTags.GRAPHIC_FILLED, "N");
        return g;
    }

    /**
     * The label below the circle, in a PIXEL bounding box kept inside the image, anchored (with a visible line)
     * at the circle's bottom.
     */
    private static AttributeList label(String value, PixelCircle c, SliceGeometry g, SpecificCharacterSet scs) {
        double r = c.hasRadius() ? c.radius() : 0;
        double width = Math.min(g.columns(), Math.max(g.columns() / 2.0, 8));
        double height = Math.max(g.rows() / 20.0, 4);
        double left = Math.max(0, Math.min(g.columns() - width, c.column() - width / 2));
        double top = c.row() + r + 2;
        if (top + height > g.rows()) {
            top = Math.max(0, c.row() - r - 2 - height); // no room below: above the circle
        }
        AttributeList t = new AttributeList();
        Attrs.put(t, PsTags.BOUNDING_BOX_ANNOTATION_UNITS, "PIXEL");
        Attrs.put(t, PsTags.ANCHOR_POINT_ANNOTATION_UNITS, "PIXEL");
        Attrs.put(t, PsTags.UNFORMATTED_TEXT_VALUE, scs, value);
        Attrs.put(t, PsTags.BOUNDING_BOX_TOP_LEFT_HAND_CORNER, num(left), num(top));
        Attrs.put(t, PsTags.BOUNDING_BOX_BOTTOM_RIGHT_HAND_CORNER, num(left + width), num(top + height));
        Attrs.put(t, PsTags.BOUNDING_BOX_TEXT_HORIZONTAL_JUSTIFICATION, "CENTER");
        Attrs.put(t, PsTags.ANCHOR_POINT, num(c.column()), num(top < c.row() ? c.row() - r : c.row() + r));
        Attrs.put(t, PsTags.ANCHOR_POINT_VISIBILITY, "Y");
        return t;
    }

    private static AttributeList layer(String name, int order, String description, SpecificCharacterSet scs) {
        AttributeList l = new AttributeList();
        Attrs.put(l, PsTags.GRAPHIC_LAYER, name);
        Attrs.put(l, PsTags.GRAPHIC_LAYER_ORDER, Integer.toString(order));
        Attrs.put(l, PsTags.GRAPHIC_LAYER_RECOMMENDED_DISPLAY_GRAYSCALE_VALUE, "65535");
        Attrs.put(l, PsTags.GRAPHIC_LAYER_DESCRIPTION, scs, description);
        return l;
    }

    /**
     * Displayed Area: the whole image, SCALE TO FIT, with the images' pixel spacing (else aspect ratio 1:1); one
     * item per image size, each naming its images unless all share one size.
     */
    private static void displayedArea(AttributeList list, SourceSet src, List<ImageReference> images) {
        Map<String, List<ImageReference>> bySize = new LinkedHashMap<>();
        Map<String, SliceGeometry> geometry = new LinkedHashMap<>();
        for (ImageReference r : images) {
            SliceGeometry g = SliceGeometry.of(src.header(r));
            String size = g.columns() + "x" + g.rows() + "/"
                    + (g.pixelSpacing() == null ? "-" : num(g.pixelSpacing()[0]) + "\\" + num(g.pixelSpacing()[1]));
            bySize.computeIfAbsent(size, k -> new ArrayList<>()).add(r);
            geometry.putIfAbsent(size, g);
        }
        List<AttributeList> items = new ArrayList<>();
        for (Map.Entry<String, List<ImageReference>> e : bySize.entrySet()) {
            SliceGeometry g = geometry.get(e.getKey());
            AttributeList item = new AttributeList();
            if (bySize.size() > 1) {
                Attrs.putSequence(
                        item,
                        TagFromName.ReferencedImageSequence,
                        e.getValue().stream().map(Attrs::sopReference).toList());
            }
            Attrs.put(item, PsTags.DISPLAYED_AREA_TOP_LEFT_HAND_CORNER, "1", "1");
            Attrs.put(
                    item,
                    PsTags.DISPLAYED_AREA_BOTTOM_RIGHT_HAND_CORNER,
                    Integer.toString(g.columns()),
                    Integer.toString(g.rows()));
            Attrs.put(item, PsTags.PRESENTATION_SIZE_MODE, "SCALE TO FIT");
            if (g.pixelSpacing() != null) {
                Attrs.put(item, PsTags.PRESENTATION_PIXEL_SPACING, num(g.pixelSpacing()[0]), num(g.pixelSpacing()[1]));
            } else {
                Attrs.put(item, PsTags.PRESENTATION_PIXEL_ASPECT_RATIO, "1", "1");
            }
            items.add(item);
        }
        Attrs.putSequence(list, PsTags.DISPLAYED_AREA_SELECTION_SEQUENCE, items);
    }

    /** The images' rescale as the Modality LUT; a presentation state has one, so all images must agree. */
    private static void modalityLut(AttributeList list, SourceSet src, List<ImageReference> images, String modality) {
        Set<String> rescales = new LinkedHashSet<>();
        for (ImageReference r : images) {
            AttributeList h = src.header(r);
            String slope = Attrs.string(h, TagFromName.RescaleSlope);
            String intercept = Attrs.string(h, TagFromName.RescaleIntercept);
            rescales.add(
                    slope == null || intercept == null
                            ? "-"
                            : num(Double.parseDouble(slope)) + "/" + num(Double.parseDouble(intercept)));
        }
        if (rescales.size() > 1) {
            throw new IllegalArgumentException("the images of a series differ in Rescale Slope/Intercept: " + rescales);
        }
        String rescale = rescales.iterator().next();
        if (rescale.equals("-")) {
            return;
        }
        AttributeList h = src.header(images.get(0));
        String[] si = rescale.split("/", -1);
        Attrs.put(list, TagFromName.RescaleIntercept, si[1]);
        Attrs.put(list, TagFromName.RescaleSlope, si[0]);
        Attrs.put(
                list,
                TagFromName.RescaleType,
                Objects.requireNonNullElse(
                        Attrs.string(h, TagFromName.RescaleType), "CT".equals(modality) ? "HU" : "US"));
    }

    /**
     * The IOD rules this writer can break, checked before anything is written: every annotation names images of
     * the Referenced Series Sequence and a defined graphic layer; the content label is a valid CS; CIRCLE data
     * has two points, inside the image for its centre.
     */
    static void check(AttributeList list) {
        if (!Attrs.string(list, TagFromName.ContentLabel).matches("[A-Z0-9_ ]{1,16}")) {
            throw new IllegalStateException("Content Label is not a code string");
        }
        Set<String> referenced = new LinkedHashSet<>();
        for (AttributeList s : items(list, TagFromName.ReferencedSeriesSequence)) {
            items(s, TagFromName.ReferencedImageSequence)
                    .forEach(i -> referenced.add(Attrs.string(i, TagFromName.ReferencedSOPInstanceUID)));
        }
        if (referenced.isEmpty()) {
            throw new IllegalStateException("a presentation state must reference images");
        }
        Set<String> layers = new LinkedHashSet<>();
        items(list, PsTags.GRAPHIC_LAYER_SEQUENCE).forEach(l -> layers.add(Attrs.string(l, PsTags.GRAPHIC_LAYER)));
        for (AttributeList a : items(list, TagFromName.GraphicAnnotationSequence)) {
            if (!layers.contains(Attrs.string(a, PsTags.GRAPHIC_LAYER))) {
                throw new IllegalStateException("graphic annotation on an undefined layer");
            }
            for (AttributeList i : items(a, TagFromName.ReferencedImageSequence)) {
                if (!referenced.contains(Attrs.string(i, TagFromName.ReferencedSOPInstanceUID))) {
                    throw new IllegalStateException(
                            "graphic annotation on an image the presentation state does not name");
                }
            }
            for (AttributeList g : items(a, PsTags.GRAPHIC_OBJECT_SEQUENCE)) {
                double[] d = Attrs.doubles(g, TagFromName.GraphicData);
                String type = Attrs.string(g, TagFromName.GraphicType);
                if (d == null || ("CIRCLE".equals(type) && d.length != 4) || d.length % 2 != 0) {
                    throw new IllegalStateException("malformed " + type + " graphic data");
                }
            }
        }
        for (AttributeList v : items(list, PsTags.SOFTCOPY_VOI_LUT_SEQUENCE)) {
            double[] w = Attrs.doubles(v, TagFromName.WindowWidth);
            if (w == null || w[0] < 1) {
                throw new IllegalStateException("window width must be at least 1");
            }
        }
    }

    private static List<AttributeList> items(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        if (!(list.get(tag) instanceof SequenceAttribute s)) {
            return List.of();
        }
        List<AttributeList> out = new ArrayList<>();
        for (int i = 0; i < s.getNumberOfItems(); i++) {
            out.add(s.getItem(i).getAttributeList());
        }
        return out;
    }

    /** A decimal string short enough for DS (16 characters) and plain enough for FL. */
    private static String num(double v) {
        String s = String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }
}

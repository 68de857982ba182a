package org.aiworklist.inference.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads {@code input.preprocessing}; every problem names its key. */
final class PreprocessingReader {
    private static final String P = "input.preprocessing";
    private static final String WINDOW = P + ".slidingWindow";

    private PreprocessingReader() {}

    static Preprocessing read(ManifestReader r) throws ManifestException {
        r.onlyKeys(
                P,
                Set.of(
                        "layout",
                        "orientation",
                        "spacingMm",
                        "huWindow",
                        "intensity",
                        "channels",
                        "contextSlices",
                        "slidingWindow",
                        "padMultiple",
                        "batchSize"));
        InputLayout layout = r.choice(P + ".layout", InputLayout.class, InputLayout.NCHW);
        int context = r.integer(P + ".contextSlices", 1, 15, 1);
        if (context % 2 == 0) {
            throw r.error(P + ".contextSlices", "must be odd so that one slice is the centre");
        }
        if (context > 1 && layout != InputLayout.NCHW) {
            throw r.error(P + ".contextSlices", "stacks neighbouring slices as channels: NCHW layout only");
        }
        return new Preprocessing(
                layout,
                orientation(r),
                r.has(P + ".spacingMm") ? r.numbers(P + ".spacingMm", 3, 0.1, 20) : null,
                channels(r),
                context,
                r.has(WINDOW) ? slidingWindow(r, layout) : null,
                r.integer(P + ".padMultiple", 1, 256, 1),
                r.integer(P + ".batchSize", 1, 1024, 1));
    }

    /**
     * For output types located on the series' own voxels (heat maps, boxes): the series' own axes, no sliding
     * window, and the given layout (NCHW: whole slices; NCDHW: the whole volume in one call).
     */
    static void requireSeriesGrid(ManifestReader r, Preprocessing pre, String type, InputLayout layout)
            throws ManifestException {
        if (pre.layout() != layout) {
            throw r.error(
                    P + ".layout",
                    type + " models take " + layout + (layout == InputLayout.NCHW ? " slices" : " volumes"));
        }
        if (pre.orientation() != null) {
            throw r.error(P + ".orientation", type + " models take the series' own axes");
        }
        if (pre.slidingWindow() != null) {
            throw r.error(WINDOW, type + " models take the whole " + (layout == InputLayout.NCHW ? "slice" : "volume"));
        }
    }

    private static AxisCode orientation(ManifestReader r) throws ManifestException {
        if (!r.has(P + ".orientation")) {
            return null;
        }
        try {
            return new AxisCode(r.text(P + ".orientation"));
        } catch (IllegalArgumentException e) {
            throw r.error(P + ".orientation", e.getMessage());
        }
    }

    /** Exactly one of huWindow (one HU window), intensity (one channel's steps) or channels (a list of those). */
    private static List<List<IntensityTransform>> channels(ManifestReader r) throws ManifestException {
        List<String> given = new ArrayList<>();
        for (String key : List.of("huWindow", "intensity", "channels")) {
            if (r.has(P + "." + key)) {
                given.add(key);
            }
        }
        if (given.size() != 1) {
            throw r.error(
                    P + (given.isEmpty() ? ".intensity" : "." + given.get(1)),
                    given.isEmpty()
                            ? "missing: give huWindow, intensity or channels"
                            : "give only one of huWindow, intensity and channels");
        }
        return switch (given.get(0)) {
            case "huWindow" -> {
                double[] w = window(r, P + ".huWindow", -4096, 65535);
                yield List.of(List.of(new IntensityTransform.Window(w[0], w[1])));
            }
            case "intensity" -> List.of(steps(r, P + ".intensity"));
            default -> {
                JsonNode list = r.nonEmptyList(P + ".channels", "expected a list with one list of steps per channel");
                List<List<IntensityTransform>> channels = new ArrayList<>();
                for (int c = 0; c < list.size(); c++) {
                    channels.add(steps(r, P + ".channels[" + c + "]"));
                }
                yield channels;
            }
        };
    }

    private static List<IntensityTransform> steps(ManifestReader r, String key) throws ManifestException {
        JsonNode list = r.nonEmptyList(key, "expected a list of steps such as {minMax: [0, 1]}");
        List<IntensityTransform> steps = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String item = key + "[" + i + "]";
            r.onlyKeys(item, Set.of("window", "minMax", "zScore", "percentileClip"));
            if (list.get(i).size() != 1) {
                throw r.error(item, "expected exactly one step: window, minMax, zScore or percentileClip");
            }
            String name = list.get(i).fieldNames().next();
            String at = item + "." + name;
            steps.add(
                    switch (name) {
                        case "window" -> {
                            double[] w = window(r, at, -1e9, 1e9);
                            yield new IntensityTransform.Window(w[0], w[1]);
                        }
                        case "minMax" -> {
                            double[] w = window(r, at, -1e9, 1e9);
                            yield new IntensityTransform.MinMax(w[0], w[1]);
                        }
                        case "percentileClip" -> {
                            double[] w = window(r, at, 0, 100);
                            yield new IntensityTransform.PercentileClip(w[0], w[1]);
                        }
                        default ->
                            new IntensityTransform.ZScore("nonzero".equals(r.oneOf(at, Set.of("nonzero", "all"))));
                    });
        }
        return steps;
    }

    private static double[] window(ManifestReader r, String key, double min, double max) throws ManifestException {
        double[] w = r.numbers(key, 2, min, max);
        if (w[0] >= w[1]) {
            throw r.error(key, "low must be below high");
        }
        return w;
    }

    private static SlidingWindowSpec slidingWindow(ManifestReader r, InputLayout layout) throws ManifestException {
        r.onlyKeys(WINDOW, Set.of("roiSize", "stride", "overlap", "weighting", "sigmaScale"));
        int dims = layout.spatialDims();
        int[] roi = r.integers(WINDOW + ".roiSize", dims, 1, 4096);
        boolean stride = r.has(WINDOW + ".stride");
        if (stride == r.has(WINDOW + ".overlap")) {
            throw r.error(
                    WINDOW + ".stride",
                    stride ? "give stride or overlap, not both" : "missing: give stride or overlap");
        }
        int[] steps = new int[dims];
        if (stride) {
            steps = r.integers(WINDOW + ".stride", dims, 1, 4096);
            for (int a = 0; a < dims; a++) {
                if (steps[a] > roi[a]) {
                    throw r.error(WINDOW + ".stride[" + a + "]", "larger than the window: voxels would be skipped");
                }
            }
        } else {
            double overlap = r.number(WINDOW + ".overlap", 0, 0.99);
            for (int a = 0; a < dims; a++) {
                // MONAI: int(roi * (1 - overlap)), at least 1
                steps[a] = Math.max(1, (int) (roi[a] * (1 - overlap)));
            }
        }
        SlidingWindowSpec.Weighting weighting = r.choice(
                WINDOW + ".weighting", SlidingWindowSpec.Weighting.class, SlidingWindowSpec.Weighting.CONSTANT);
        if (r.has(WINDOW + ".sigmaScale") && weighting != SlidingWindowSpec.Weighting.GAUSSIAN) {
            throw r.error(WINDOW + ".sigmaScale", "only for gaussian weighting");
        }
        double sigma = r.has(WINDOW + ".sigmaScale") ? r.number(WINDOW + ".sigmaScale", 0.01, 10) : 0.125;
        return new SlidingWindowSpec(roi, steps, weighting, sigma);
    }
}

package org.aiworklist.inference.manifest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code box-detection} output type: the model sees the whole volume at once in the series' own axes, [1,
 * channels, depth, height, width] (preprocessed as the manifest declares, layout NCDHW, zero-padded to
 * {@code padMultiple}), and returns its boxes, [K, 6] (or [1, K, 6]),
 * their scores, [K], and optionally their labels, [K] (the index into {@code output.labels}; without that output
 * every box has the first label), in this order.
 *
 * @param format      how the six numbers describe a box
 * @param coordinates what they are measured in
 * @param nmsIou      of two boxes of one label overlapping by more than this intersection over union, the less
 *                    probable is dropped
 */
public record BoxOutput(Format format, Coordinates coordinates, double nmsIou) {
    /** The layout of a box's six numbers. */
    public enum Format {
        /** Corners: x0, y0, z0, x1, y1, z1. */
        XYZXYZ,
        /** Centre and size: x, y, z, width (x), height (y), depth (z). */
        CCCWHD
    }

    /** The space a box is given in. */
    public enum Coordinates {
        /** Voxels of the model's input volume: x column, y row, z slice; voxel (k, j, i) is centred at (i, j, k). */
        VOXEL,
        /** Patient millimetres (DICOM LPS), in the series' frame of reference. */
        PATIENT
    }

    /** Reads {@code output} of a box-detection manifest; any problem names its key. */
    static OutputContract read(ManifestReader r, Preprocessing pre) throws ManifestException {
        // Voxel boxes are read on the volume's own grid: no reorientation, no windows to stitch.
        PreprocessingReader.requireSeriesGrid(r, pre, OutputContract.BOX_DETECTION, InputLayout.NCDHW);
        r.onlyKeys("output", Set.of("type", "boxes", "threshold", "nmsIou", "maxFindings", "labels"));
        r.onlyKeys("output.boxes", Set.of("format", "coordinates"));
        BoxOutput boxes = new BoxOutput(
                Format.valueOf(
                        r.oneOf("output.boxes.format", names(Format.values())).toUpperCase(Locale.ROOT)),
                Coordinates.valueOf(r.oneOf("output.boxes.coordinates", names(Coordinates.values()))
                        .toUpperCase(Locale.ROOT)),
                r.number("output.nmsIou", 0, 1));
        var labelsNode = r.nonEmptyList("output.labels", "expected a non-empty list, one entry per label value");
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < labelsNode.size(); i++) {
            String key = "output.labels[" + i + "]";
            r.onlyKeys(key, Set.of("name", "finding", "site"));
            labels.add(new Label(
                    r.text(key + ".name"),
                    r.concept(key + ".finding"),
                    r.has(key + ".site") ? r.concept(key + ".site") : null));
        }
        return OutputContract.boxDetection(
                r.number("output.threshold", 0, 1), r.integer("output.maxFindings", 1, 1000), labels, boxes);
    }

    /** The values as the manifest writes them: formats in lower case (as MONAI names them), coordinates in upper. */
    private static Set<String> names(Enum<?>[] values) {
        return Set.copyOf(Arrays.stream(values)
                .map(v -> v instanceof Format ? v.name().toLowerCase(Locale.ROOT) : v.name())
                .toList());
    }

    /** The box decoding, for the SR's and SC's algorithm parameters. */
    List<String> parameters() {
        return List.of("boxes=" + format.name().toLowerCase(Locale.ROOT) + "/" + coordinates, "nmsIou=" + nmsIou);
    }
}

package org.aiworklist.inference.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.aiworklist.inference.manifest.SegmentationContract.Activation;
import org.aiworklist.inference.manifest.SegmentationContract.Decision;
import org.aiworklist.inference.manifest.SegmentationContract.ScoreMap;

/** Reads the {@code output} of a {@code segmentation} model; every problem names its key. */
final class SegmentationReader {
    private SegmentationReader() {}

    /** The SEG's Segmentation Type, as DICOM spells it. */
    private enum SegmentType {
        BINARY,
        FRACTIONAL
    }

    static OutputContract read(ManifestReader r) throws ManifestException {
        r.onlyKeys("output", Set.of("type", "map", "activation", "segmentType", "decision", "threshold", "segments"));
        ScoreMap map = r.choice("output.map", ScoreMap.class, ScoreMap.PROBABILITIES);
        Activation activation = r.choice("output.activation", Activation.class, Activation.NONE);
        boolean fractional =
                r.choice("output.segmentType", SegmentType.class, SegmentType.BINARY) == SegmentType.FRACTIONAL;
        Decision decision = r.choice("output.decision", Decision.class, null);
        if (map == ScoreMap.LABELS) {
            if (activation != Activation.NONE) {
                throw r.error("output.activation", "a label map takes no activation");
            }
            if (fractional) {
                throw r.error("output.segmentType", "a label map can only give BINARY segments");
            }
            if (decision != null) {
                throw r.error("output.decision", "a label map is decided already");
            }
        } else if (fractional && decision != null) {
            throw r.error("output.decision", "a FRACTIONAL segmentation keeps the probabilities: no decision");
        } else if (!fractional && decision == null) {
            throw r.error("output.decision", "missing: a BINARY segmentation needs threshold or argmax");
        }
        boolean thresholded = decision == Decision.THRESHOLD;
        if (r.has("output.threshold") != thresholded) {
            throw r.error("output.threshold", thresholded ? "missing" : "only with decision: threshold");
        }
        double threshold = thresholded ? r.number("output.threshold", 0, 1) : 0;
        return OutputContract.segmentation(
                new SegmentationContract(map, activation, fractional, decision, threshold, segments(r, map)));
    }

    private static List<SegmentSpec> segments(ManifestReader r, ScoreMap map) throws ManifestException {
        JsonNode list = r.nonEmptyList("output.segments", "expected a non-empty list, one entry per segment");
        String indexKey = map == ScoreMap.LABELS ? "value" : "channel";
        List<SegmentSpec> segments = new ArrayList<>();
        Set<Integer> indices = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String key = "output.segments[" + i + "]";
            r.onlyKeys(key, Set.of(indexKey, "label", "category", "type"));
            int index = r.integer(key + "." + indexKey, 0, 65535);
            if (!indices.add(index)) {
                throw r.error(key + "." + indexKey, index + " is used by an earlier segment");
            }
            segments.add(new SegmentSpec(
                    index, r.text(key + ".label"), r.concept(key + ".category"), r.concept(key + ".type")));
        }
        return segments;
    }
}

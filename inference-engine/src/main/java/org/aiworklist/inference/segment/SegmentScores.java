package org.aiworklist.inference.segment;

import java.util.ArrayList;
import java.util.List;
import org.aiworklist.inference.manifest.SegmentSpec;
import org.aiworklist.inference.manifest.SegmentationContract;
import org.aiworklist.inference.manifest.SegmentationContract.Activation;
import org.aiworklist.inference.manifest.SegmentationContract.Decision;
import org.aiworklist.inference.manifest.SegmentationContract.ScoreMap;

/**
 * Turns blended model outputs into one score in [0, 1] per segment and voxel, the activation applied: the
 * probability for thresholded and fractional segments, 0 or 1 for argmax, the share of windows that voted for
 * the label for label maps. Scores are interpolated onto the source grid later, so decisions made here (argmax)
 * become 0/1 masks that are cut at one half again there.
 */
final class SegmentScores {
    private SegmentScores() {}

    /** The score at which a voxel of the source grid belongs to a binary segment. */
    static double cut(SegmentationContract contract) {
        return contract.decision() == Decision.THRESHOLD ? contract.threshold() : 0.5;
    }

    /**
     * @param blended blended channels: all model output channels for probability maps, one vote share per segment
     *                for label maps
     */
    static List<float[]> of(SegmentationContract contract, List<float[]> blended) {
        if (contract.map() == ScoreMap.LABELS) {
            return blended;
        }
        activate(contract.activation(), blended);
        List<float[]> scores = new ArrayList<>();
        for (SegmentSpec segment : contract.segments()) {
            scores.add(
                    contract.decision() == Decision.ARGMAX
                            ? winner(blended, segment.index())
                            : blended.get(segment.index()));
        }
        return scores;
    }

    private static void activate(Activation activation, List<float[]> channels) {
        if (activation == Activation.SIGMOID) {
            for (float[] c : channels) {
                for (int i = 0; i < c.length; i++) {
                    c[i] = (float) (1 / (1 + Math.exp(-c[i])));
                }
            }
        } else if (activation == Activation.SOFTMAX) {
            int n = channels.get(0).length;
            for (int i = 0; i < n; i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (float[] c : channels) {
                    max = Math.max(max, c[i]);
                }
                double sum = 0;
                for (float[] c : channels) {
                    c[i] = (float) Math.exp(c[i] - max);
                    sum += c[i];
                }
                for (float[] c : channels) {
                    c[i] = (float) (c[i] / sum);
                }
            }
        }
    }

    /** 1 where {@code channel} is the most probable channel (the first of ties), else 0. */
    private static float[] winner(List<float[]> channels, int channel) {
        int n = channels.get(0).length;
        float[] out = new float[n];
        float[] own = channels.get(channel);
        for (int i = 0; i < n; i++) {
            boolean best = true;
            for (int c = 0; c < channels.size() && best; c++) {
                float v = channels.get(c)[i];
                best = c < channel ? v < own[i] : v <= own[i];
            }
            out[i] = best ? 1 : 0;
        }
        return out;
    }
}

package org.aiworklist.inference.generative;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Which slices of an ordered series are sent: all of them up to the limit, else the limit's worth sampled
 * uniformly exactly as MedGemma 1.5's CT notebook does, {@code round(i / max * (n - 1))} for i = 1..max, with
 * Python's rounding (half to even), so the same series yields the same slices here as in Google's recipe.
 */
public final class SliceSampling {
    private SliceSampling() {}

    /** Indices (0-based, ascending) into a series of {@code count} ordered slices. */
    public static List<Integer> uniform(int count, int max) {
        if (count < 1 || max < 1) {
            throw new IllegalArgumentException("count and max must be positive: " + count + ", " + max);
        }
        if (count <= max) {
            return IntStream.range(0, count).boxed().toList();
        }
        return IntStream.rangeClosed(1, max)
                .map(i -> (int) Math.rint((double) i / max * (count - 1)))
                .boxed()
                .toList();
    }
}

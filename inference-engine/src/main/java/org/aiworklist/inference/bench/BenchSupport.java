package org.aiworklist.inference.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.aiworklist.common.phantom.ChestPhantom;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PhantomStudy;

/** Timing helpers shared by the benchmark mains. */
final class BenchSupport {
    /** The study both benchmarks time: 300 slices of 512² at 0.7 mm, 1.25 mm apart (a routine thin-slice chest CT). */
    static final PhantomSpec STUDY_300 = PhantomSpec.defaults()
            .withSeed(9500)
            .withSlices(300)
            .withMatrix(512, 0.7)
            .withSliceThickness(1.25);

    private BenchSupport() {}

    static PhantomStudy study300() {
        return ChestPhantom.generate(STUDY_300);
    }

    /** Median milliseconds of {@code runs} calls after {@code warmUp} untimed ones. */
    static double medianMs(int warmUp, int runs, IntConsumer call) {
        for (int i = 0; i < warmUp; i++) {
            call.accept(i);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            call.accept(i);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }

    /**
     * Median milliseconds of two calls timed alternately, so that load from other processes on a shared machine
     * hits both alike.
     */
    static double[] pairedMedianMs(int warmUp, int runs, IntConsumer a, IntConsumer b) {
        for (int i = 0; i < warmUp; i++) {
            a.accept(i);
            b.accept(i);
        }
        double[] msA = new double[runs];
        double[] msB = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            a.accept(i);
            long t1 = System.nanoTime();
            b.accept(i);
            long t2 = System.nanoTime();
            msA[i] = (t1 - t0) / 1e6;
            msB[i] = (t2 - t1) / 1e6;
        }
        Arrays.sort(msA);
        Arrays.sort(msB);
        return new double[] {msA[runs / 2], msB[runs / 2]};
    }

    static float[] input(long[] shape) {
        int n = 1;
        for (long d : shape) {
            n *= (int) d;
        }
        float[] x = new float[n];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble();
        }
        return x;
    }
}

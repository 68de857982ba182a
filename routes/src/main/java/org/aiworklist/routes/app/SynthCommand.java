package org.aiworklist.routes.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.aiworklist.common.phantom.HeadMrSpec;
import org.aiworklist.common.phantom.PhantomSpec;

/**
 * `./aiworklist synth --out DIR [--kind chest-ct] [--slices N] [--nodules K] [--seed S]` and
 * `./aiworklist synth --kind head-mr --out DIR [--seed S]`.
 */
final class SynthCommand {
    private SynthCommand() {}

    static void run(Map<String, String> options) throws Exception {
        if (!options.containsKey("out")) {
            throw new IllegalArgumentException("synth needs --out DIR");
        }
        String kind = options.getOrDefault("kind", "chest-ct");
        if ("head-mr".equals(kind)) {
            headMr(options);
            return;
        }
        if (!"chest-ct".equals(kind)) {
            throw new IllegalArgumentException("--kind must be chest-ct or head-mr, got '" + kind + "'");
        }
        PhantomSpec defaults = PhantomSpec.defaults();
        PhantomSpec spec = defaults.withSlices(number(options, "slices", defaults.slices(), 3, 2000))
                .withNodules(
                        number(options, "nodules", defaults.noduleCount(), 0, 50),
                        defaults.minNoduleDiameterMm(),
                        defaults.maxNoduleDiameterMm())
                .withSeed(number(options, "seed", (int) defaults.seed(), 0, Integer.MAX_VALUE));
        SyntheticStudy study = SyntheticStudy.write(spec, Path.of(options.get("out")), "2.25");
        System.out.printf(
                "wrote %d CT slices and %s (%d nodules) to %s%n",
                study.files().size(),
                SyntheticStudy.TRUTH_FILE,
                study.phantom().nodules().size(),
                study.directory());
    }

    private static void headMr(Map<String, String> options) throws Exception {
        for (String option : options.keySet()) {
            if (!Set.of("out", "kind", "seed").contains(option)) {
                throw new IllegalArgumentException("--" + option + " is not an option of synth --kind head-mr");
            }
        }
        HeadMrSpec defaults = HeadMrSpec.defaults();
        HeadMrSpec spec = defaults.withSeed(number(options, "seed", (int) defaults.seed(), 0, Integer.MAX_VALUE));
        SyntheticHeadMr study = SyntheticHeadMr.write(spec, Path.of(options.get("out")), "2.25");
        System.out.printf(
                "wrote %d MR slices, %s and %s to %s%n",
                study.files().size(), SyntheticStudy.TRUTH_FILE, SyntheticHeadMr.MASK_FILE, study.directory());
    }

    private static int number(Map<String, String> options, String name, int fallback, int min, int max) {
        String raw = options.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(
                "--" + name + " must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
    }
}

package org.aiworklist.inference.training;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.aiworklist.common.phantom.ChestPhantom;
import org.aiworklist.common.phantom.PhantomSpec;
import org.aiworklist.common.phantom.PhantomStudy;
import org.aiworklist.common.phantom.PlantedNodule;
import org.aiworklist.inference.manifest.IntensityTransform;
import org.aiworklist.inference.volume.Volume;
import org.aiworklist.inference.volume.VolumeAssembler;
import org.aiworklist.inference.volume.VolumeException;

/**
 * Writes phantom studies exactly as the detector will see them (same {@link VolumeAssembler} resampling, same
 * HU window) for {@code training/train_demo_model.py}, so training and inference cannot drift apart.
 *
 * <p>Per seed: {@code <seed>.u16}, the windowed volume as little-endian uint16 (value / 65535 = model input),
 * z-major; and {@code <seed>.json} with its shape, spacing and the nodules in voxel coordinates. Every fourth
 * study is 512² at 0.7 mm and every fourth (offset by two) has 1.25 mm slices, so that resampling is learnt too.
 *
 * <p>Usage: {@code TrainingDataDump outDir firstSeed count slices nodules minDiameterMm maxDiameterMm
 * spacingZ,spacingRow,spacingColumn windowLow,windowHigh}
 */
public final class TrainingDataDump {
    private TrainingDataDump() {}

    public static void main(String[] args) throws IOException, VolumeException {
        if (args.length != 9) {
            System.err.println(
                    "usage: TrainingDataDump outDir firstSeed count slices nodules minDiameterMm maxDiameterMm "
                            + "spacingZ,spacingRow,spacingColumn windowLow,windowHigh");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        long firstSeed = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        int slices = Integer.parseInt(args[3]);
        int nodules = Integer.parseInt(args[4]);
        double minD = Double.parseDouble(args[5]);
        double maxD = Double.parseDouble(args[6]);
        double[] spacing = parse(args[7], 3);
        double[] window = parse(args[8], 2);
        IntensityTransform.Window pre = new IntensityTransform.Window(window[0], window[1]);
        VolumeAssembler assembler = new VolumeAssembler(spacing);
        for (long seed = firstSeed; seed < firstSeed + count; seed++) {
            PhantomSpec spec =
                    PhantomSpec.defaults().withSeed(seed).withSlices(slices).withNodules(nodules, minD, maxD);
            if (seed % 4 == 1) {
                spec = spec.withMatrix(512, 0.7);
            } else if (seed % 4 == 2) {
                spec = spec.withSliceThickness(1.25).withSlices(slices * 2);
            }
            PhantomStudy study = ChestPhantom.generate(spec);
            Volume volume = assembler.assemble(study.asSeries("2.25.1", "2.25.1." + seed, "2.25.2"));
            write(out, seed, volume, study, pre);
            System.out.printf(
                    Locale.ROOT,
                    "seed %d: %dx%dx%d, %d nodules%n",
                    seed,
                    volume.depth(),
                    volume.height(),
                    volume.width(),
                    study.nodules().size());
        }
    }

    private static void write(Path out, long seed, Volume volume, PhantomStudy study, IntensityTransform.Window pre)
            throws IOException {
        float[] voxels = volume.voxels();
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out.resolve(seed + ".u16")), 1 << 16)) {
            byte[] two = new byte[2];
            for (float v : voxels) {
                int q = Math.round(pre.map(v) * 65535);
                two[0] = (byte) q;
                two[1] = (byte) (q >>> 8);
                os.write(two);
            }
        }
        StringBuilder json = new StringBuilder();
        double[] s = volume.spacing();
        json.append(String.format(
                Locale.ROOT,
                "{\"shape\": [%d, %d, %d], \"spacingMm\": [%.4f, %.4f, %.4f], \"nodules\": [",
                volume.depth(),
                volume.height(),
                volume.width(),
                s[0],
                s[1],
                s[2]));
        String sep = "";
        for (PlantedNodule n : study.nodules()) {
            double[] v = volume.toVoxel(n.centre());
            json.append(sep)
                    .append(String.format(
                            Locale.ROOT,
                            "{\"voxel\": [%.3f, %.3f, %.3f], \"diameterMm\": %.3f}",
                            v[0],
                            v[1],
                            v[2],
                            n.diameterMm()));
            sep = ", ";
        }
        json.append("]}\n");
        Files.writeString(out.resolve(seed + ".json"), json);
    }

    private static double[] parse(String csv, int count) {
        String[] parts = csv.split(",", -1);
        if (parts.length != count) {
            throw new IllegalArgumentException("expected " + count + " comma-separated numbers: " + csv);
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = Double.parseDouble(parts[i].trim());
        }
        return values;
    }
}

package org.aiworklist.inference.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.aiworklist.common.phantom.HeadMrPhantom;
import org.aiworklist.common.phantom.HeadMrSpec;
import org.aiworklist.common.phantom.HeadMrStudy;
import org.aiworklist.inference.engine.EngineSelector;
import org.aiworklist.inference.engine.LoadedModel;
import org.aiworklist.inference.engine.MachineCapabilities;
import org.aiworklist.inference.manifest.EngineKind;
import org.aiworklist.inference.manifest.ManifestException;
import org.aiworklist.inference.manifest.ModelFile;
import org.aiworklist.inference.manifest.ModelManifest;

/**
 * Installs InVesalius' brain-extraction network (a Keras 3D U-Net for T1 MR, GPL-2) as an ONNX model: the Debian
 * package is downloaded and unpacked, never installed (it would pull its GUI); its Keras weights are converted
 * with Debian's python3-numpy, python3-h5py and python3-onnx; the ONNX file is run on test patches by the engine
 * the node uses and compared with the Keras model evaluated independently in numpy; only then are the model and
 * its manifest written into the models folder.
 */
public final class InvesaliusBrain {
    public static final String MODEL_ID = "invesalius-brain";
    static final String PACKAGE = "invesalius";
    private static final String MODEL_DIR = "usr/share/invesalius/ai/brain_mri_t1";
    private static final String CONVERTER = "keras_to_onnx.py";
    private static final String PYTHON = "/usr/bin/python3";
    private static final int PATCH = 48;
    /** Largest difference in output probability between ONNX Runtime and the numpy reference accepted. */
    public static final double TOLERANCE = 1e-3;

    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration CONVERSION_TIMEOUT = Duration.ofMinutes(20);

    private InvesaliusBrain() {}

    /**
     * What was installed.
     *
     * @param packageBytes        size of the downloaded .deb
     * @param maxAbsoluteDifference largest |ONNX - Keras reference| over the test patches
     */
    public record Installed(
            Path manifest, Path model, String packageVersion, long packageBytes, double maxAbsoluteDifference) {}

    /**
     * Downloads, converts, verifies and installs the model.
     *
     * @param models   the node's models folder (created if missing)
     * @param work     an empty scratch folder; the package and intermediate files stay there
     * @param progress one line per step
     */
    public static Installed fetch(Path models, Path work, Consumer<String> progress) throws IOException {
        Files.createDirectories(work);
        progress.accept("downloading Debian package " + PACKAGE + " (apt-get download)");
        ExternalCommand.run(List.of("apt-get", "download", PACKAGE), work, DOWNLOAD_TIMEOUT);
        Path deb = onlyDeb(work);
        String version = ExternalCommand.run(
                        List.of("dpkg-deb", "-f", deb.toString(), "Version"), work, DOWNLOAD_TIMEOUT)
                .strip();
        Path unpacked = work.resolve("unpacked");
        progress.accept("unpacking " + deb.getFileName() + " (" + Files.size(deb) / 1_000_000 + " MB, dpkg -x)");
        ExternalCommand.run(List.of("dpkg", "-x", deb.toString(), unpacked.toString()), work, DOWNLOAD_TIMEOUT);
        Path kerasDir = unpacked.resolve(MODEL_DIR);
        if (!Files.isRegularFile(kerasDir.resolve("model.h5"))
                || !Files.isRegularFile(kerasDir.resolve("model.json"))) {
            throw new IOException(deb.getFileName() + " has no " + MODEL_DIR + "/model.h5 and model.json");
        }

        Path stage = Files.createDirectories(work.resolve("stage"));
        String onnxName = MODEL_ID + "-" + version + ".onnx";
        Path onnx = stage.resolve(onnxName);
        Path patchesIn = work.resolve("reference-in.f32");
        Path patchesOut = work.resolve("reference-out.f32");
        float[] patches = testPatches();
        writeFloats(patchesIn, patches);
        Path converter = work.resolve(CONVERTER);
        try (InputStream in = InvesaliusBrain.class.getResourceAsStream(CONVERTER)) {
            Files.copy(in, converter, StandardCopyOption.REPLACE_EXISTING);
        }
        progress.accept("converting the Keras weights to ONNX and evaluating the Keras model in numpy");
        ExternalCommand.run(
                List.of(
                        PYTHON,
                        converter.toString(),
                        kerasDir.resolve("model.json").toString(),
                        kerasDir.resolve("model.h5").toString(),
                        onnx.toString(),
                        patchesIn.toString(),
                        patchesOut.toString()),
                work,
                CONVERSION_TIMEOUT);
        Path stagedManifest = stage.resolve(MODEL_ID + ".yaml");
        Files.writeString(stagedManifest, manifest(version, onnxName, ModelFile.sha256Of(Files.readAllBytes(onnx))));
        double difference = verify(stagedManifest, patches, readFloats(patchesOut));
        progress.accept(String.format(
                Locale.ROOT, "ONNX Runtime matches the Keras reference: max |difference| %.2e", difference));

        Files.createDirectories(models);
        Path installedModel = models.resolve(onnxName);
        Path installedManifest = models.resolve(MODEL_ID + ".yaml");
        Files.copy(onnx, installedModel, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                unpacked.resolve("usr/share/doc/" + PACKAGE + "/copyright"),
                models.resolve(MODEL_ID + ".copyright"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(stagedManifest, installedManifest, StandardCopyOption.REPLACE_EXISTING);
        return new Installed(installedManifest, installedModel, version, Files.size(deb), difference);
    }

    private static Path onlyDeb(Path work) throws IOException {
        try (Stream<Path> files = Files.list(work)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().startsWith(PACKAGE + "_")
                            && p.getFileName().toString().endsWith(".deb"))
                    .toList();
            if (debs.size() != 1) {
                throw new IOException("expected one " + PACKAGE + " .deb in " + work + ", found " + debs.size());
            }
            return debs.get(0);
        }
    }

    /**
     * Two 48³ patches: a whole synthetic head at 4 mm min-max normalised as the manifest does (tissue edges at every
     * scale), and uniform noise (every weight matters).
     */
    static float[] testPatches() {
        int n = PATCH * PATCH * PATCH;
        float[] patches = new float[2 * n];
        HeadMrStudy head = HeadMrPhantom.generate(new HeadMrSpec(PATCH, PATCH, PATCH, 4.4, 4.0, 7));
        float max = 1;
        for (int k = 0; k < PATCH; k++) {
            short[] slice = head.slice(k);
            for (int i = 0; i < slice.length; i++) {
                patches[k * slice.length + i] = slice[i];
                max = Math.max(max, slice[i]);
            }
        }
        float min = max;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, patches[i]);
        }
        for (int i = 0; i < n; i++) {
            patches[i] = (patches[i] - min) / (max - min);
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = n; i < 2 * n; i++) {
            patches[i] = (float) random.nextDouble();
        }
        return patches;
    }

    /** Runs the staged model as the node will (its manifest, ONNX Runtime on the CPU) and compares. */
    private static double verify(Path manifestFile, float[] patches, float[] reference) throws IOException {
        ModelManifest manifest;
        try {
            manifest = ModelManifest.load(manifestFile).withEngines(List.of(EngineKind.ORT_CPU));
        } catch (ManifestException e) {
            throw new IOException("the written manifest is not valid: " + e.getMessage(), e);
        }
        int count = patches.length / (PATCH * PATCH * PATCH);
        try (LoadedModel model = new EngineSelector(MachineCapabilities.probe(), null).load(manifest, 1)) {
            LoadedModel.Output out = model.run(patches, new long[] {count, 1, PATCH, PATCH, PATCH});
            if (out.values().length != reference.length) {
                throw new IOException(
                        "ONNX output has " + out.values().length + " values, the Keras reference " + reference.length);
            }
            double max = 0;
            for (int i = 0; i < reference.length; i++) {
                max = Math.max(max, Math.abs(out.values()[i] - reference[i]));
            }
            if (!(max <= TOLERANCE)) {
                throw new IOException(String.format(
                        Locale.ROOT,
                        "the ONNX model differs from the Keras reference by up to %.3g (tolerance %.0e): not installed",
                        max,
                        TOLERANCE));
            }
            return max;
        }
    }

    private static void writeFloats(Path file, float[] values) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Files.write(file, bytes.array());
    }

    private static float[] readFloats(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / 4];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    /** The manifest: InVesalius' own contract (segment.py), the threshold its dialog starts with. */
    static String manifest(String version, String onnxName, String sha256) {
        return """
                # InVesalius brain extraction (skull stripping) on T1 MR: the Keras 3D U-Net of Debian's invesalius package,
                # converted to ONNX on this machine by `./aiworklist models fetch invesalius-brain` and checked against the
                # Keras model. GPL-2 (see invesalius-brain.copyright): never commit or pass on the converted weights except
                # under the GPL's terms.
                id: invesalius-brain
                version: "%1$s"
                name: InVesalius brain extraction 3D U-Net (T1 MR)
                manufacturer: InVesalius (CTI Renato Archer)    # the Debian package version is the version
                disclaimer: Research model converted from InVesalius, not validated for clinical use
                model:
                  file: %2$s
                  sha256: %3$s
                engines: [OnnxRuntime-TensorRT, OnnxRuntime-GPU, OnnxRuntime]
                input:
                  modality: MR
                  sopClasses: [1.2.840.10008.5.1.4.1.1.4]
                  series:
                    orientation: ANY
                    sliceThicknessMm: [0.5, 2.0]
                    minSlices: 40
                  preprocessing:
                    layout: NCDHW
                    intensity:
                      - minMax: [0, 1]              # whole volume, as InVesalius' image_normalize
                    slidingWindow:
                      roiSize: [48, 48, 48]
                      stride: [23, 23, 23]          # InVesalius: 48 - (48 // 2 + 1)
                      weighting: constant           # overlapping predictions averaged
                    batchSize: 4
                output:
                  type: segmentation
                  activation: none                  # the network ends in a sigmoid
                  segmentType: BINARY
                  decision: threshold
                  threshold: 0.75                   # InVesalius' brain segmentation dialog starts at 75 %%
                  segments:
                    - channel: 0
                      label: Brain
                      category: {code: "91723000", scheme: SCT, meaning: Anatomical structure}
                      type: {code: "12738006", scheme: SCT, meaning: Brain}
                """.formatted(version, onnxName, sha256);
    }
}

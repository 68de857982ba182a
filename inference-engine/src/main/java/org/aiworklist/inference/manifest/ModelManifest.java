package org.aiworklist.inference.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.aiworklist.common.AlgorithmIdentity;

/**
 * A model's YAML manifest, fully validated: identity, the ONNX file (inside the manifest's folder, links resolved)
 * and its SHA-256 (checked at manifest load and again on the very bytes the engine loads, so a swapped or corrupted
 * model is refused), engine preferences, input and output contracts.
 */
public record ModelManifest(
        Path source,
        String id,
        String version,
        String name,
        String manufacturer,
        String disclaimer,
        Path modelFile,
        String sha256,
        List<EngineKind> engines,
        InputContract input,
        Preprocessing preprocessing,
        OutputContract output) {

    public ModelManifest {
        engines = List.copyOf(engines);
    }

    /** Reads, validates and checks the model file's hash; any problem is one line naming the key. */
    public static ModelManifest load(Path manifestFile) throws ManifestException {
        return load(manifestFile, ManifestDocument.read(manifestFile));
    }

    static ModelManifest load(Path manifestFile, ManifestReader r) throws ManifestException {
        String source = manifestFile.toString();
        r.onlyKeys(
                "",
                Set.of("id", "version", "name", "manufacturer", "disclaimer", "model", "engines", "input", "output"));
        String id = ManifestDocument.id(r);
        r.onlyKeys("model", Set.of("file", "sha256"));
        Path modelFile = ModelFile.resolve(source, manifestFile, r.text("model.file"));
        String sha256 = r.text("model.sha256").toLowerCase(Locale.ROOT);
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw r.error("model.sha256", "expected 64 hex digits");
        }
        ModelFile.readVerified(source, modelFile, sha256); // a wrong model is reported with the manifest, at start
        Preprocessing preprocessing = PreprocessingReader.read(r);
        return new ModelManifest(
                manifestFile,
                id,
                r.text("version"),
                r.text("name"),
                r.text("manufacturer"),
                r.text("disclaimer"),
                modelFile,
                sha256,
                engines(r),
                input(r),
                preprocessing,
                output(r, preprocessing));
    }

    private static List<EngineKind> engines(ManifestReader r) throws ManifestException {
        List<String> names = r.texts("engines");
        List<EngineKind> engines = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String key = "engines[" + i + "]";
            EngineKind kind = EngineKind.fromManifestName(name)
                    .orElseThrow(() ->
                            r.error(key, "unknown engine '" + name + "' (known: " + EngineKind.knownNames() + ")"));
            if (engines.contains(kind)) {
                throw r.error(key, "'" + name + "' listed twice");
            }
            engines.add(kind);
        }
        return engines;
    }

    private static InputContract input(ManifestReader r) throws ManifestException {
        r.onlyKeys("input", Set.of("modality", "sopClasses", "series", "preprocessing"));
        r.onlyKeys("input.series", Set.of("orientation", "sliceThicknessMm", "minSlices"));
        List<String> sopClasses = r.texts("input.sopClasses");
        for (int i = 0; i < sopClasses.size(); i++) {
            if (!sopClasses.get(i).matches("[0-9]+(\\.[0-9]+)*")) {
                throw r.error("input.sopClasses[" + i + "]", "'" + sopClasses.get(i) + "' is not a UID");
            }
        }
        double[] thickness = r.numbers("input.series.sliceThicknessMm", 2, 0, 50);
        if (thickness[0] > thickness[1]) {
            throw r.error("input.series.sliceThicknessMm", "minimum above maximum");
        }
        return new InputContract(
                r.text("input.modality"),
                new HashSet<>(sopClasses),
                r.oneOf("input.series.orientation", InputContract.ORIENTATIONS),
                thickness[0],
                thickness[1],
                r.integer("input.series.minSlices", 1, 100_000));
    }

    private static OutputContract output(ManifestReader r, Preprocessing pre) throws ManifestException {
        String type = r.oneOf("output.type", Set.copyOf(OutputContract.TYPES));
        return switch (type) {
            case OutputContract.HEATMAP_DETECTIONS -> heatmap(r, pre);
            case OutputContract.CLASSIFICATION -> ClassificationOutput.read(r);
            case OutputContract.BOX_DETECTION -> BoxOutput.read(r, pre);
            case OutputContract.SEGMENTATION -> SegmentationReader.read(r);
            default -> throw new IllegalStateException("output type " + type + " listed but not read");
        };
    }

    /** Heat-map findings are located on the series' own slices: whole slices, the series' own axes. */
    private static OutputContract heatmap(ManifestReader r, Preprocessing pre) throws ManifestException {
        PreprocessingReader.requireSeriesGrid(r, pre, OutputContract.HEATMAP_DETECTIONS, InputLayout.NCHW);
        r.onlyKeys(
                "output",
                Set.of(
                        "type",
                        "stride",
                        "threshold",
                        "minVoxels",
                        "nmsDistanceMm",
                        "maxFindings",
                        "maxDiameterMm",
                        "labels"));
        JsonNode labelsNode =
                r.nonEmptyList("output.labels", "expected a non-empty list, one entry per output channel");
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < labelsNode.size(); i++) {
            String key = "output.labels[" + i + "]";
            r.onlyKeys(key, Set.of("name", "finding", "site"));
            labels.add(new Label(
                    r.text(key + ".name"),
                    r.concept(key + ".finding"),
                    r.has(key + ".site") ? r.concept(key + ".site") : null));
        }
        return new OutputContract(
                OutputContract.HEATMAP_DETECTIONS,
                r.integer("output.stride", 1, 64),
                r.number("output.threshold", 0, 1),
                r.integer("output.minVoxels", 1, 1_000_000),
                r.number("output.nmsDistanceMm", 0, 1000),
                r.integer("output.maxFindings", 1, 1000),
                r.number("output.maxDiameterMm", 1, 500),
                labels);
    }

    /**
     * Reads the model file once and checks it against {@link #sha256()}: load these bytes, not the file, so that
     * what runs is what was checked.
     */
    public byte[] verifiedModelBytes() throws ManifestException {
        return ModelFile.readVerified(source.toString(), modelFile, sha256);
    }

    /** The same model restricted to other engines (benchmarks and checks that compare engines one by one). */
    public ModelManifest withEngines(List<EngineKind> only) {
        return new ModelManifest(
                source,
                id,
                version,
                name,
                manufacturer,
                disclaimer,
                modelFile,
                sha256,
                only,
                input,
                preprocessing,
                output);
    }

    /** What the SR and SC say about this model. */
    public AlgorithmIdentity algorithmIdentity() {
        return new AlgorithmIdentity(id, name, version, manufacturer, sha256, disclaimer, parameters());
    }

    private List<String> parameters() {
        List<String> parameters = new ArrayList<>(output.parameters());
        parameters.addAll(preprocessing.parameters());
        return parameters;
    }

    /** Short form for logs: {@code id version}. */
    public String label() {
        return id + " " + version;
    }
}

package org.aiworklist.inference.training;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.aiworklist.inference.manifest.ModelFile;

/**
 * Makes the demo box detector: an ONNX model that takes the whole windowed volume, [1, 1, D, H, W], stacks each
 * slice with its neighbours, runs the demo heat-map network (its graph, copied) on all of them, and turns the heat
 * map's maxima in each slice (3 x 3 pixels, ties broken by position, at least {@value #MIN_VOXELS} voxels above 0.5 in
 * the 3 x 3 x 3 around them) into its {@value #BOXES} strongest boxes of 10 mm, corners
 * in voxels of the input ({@code xyzxyz}), with their scores. No labels output: every box is a nodule.
 *
 * <p>Synthetic demonstrator, no clinical validity. It is made, never committed: the tests and the benchmark write it
 * next to its manifest ({@link #write}); {@code DemoBoxModel MODELS_DIR} does the same from the command line.
 */
public final class DemoBoxModel {
    public static final String ID = "demo-lung-nodule-boxes";
    static final int BOXES = 64;
    /** ONNX TensorProto data types. */
    private static final int FLOAT = 1;

    private static final int INT64 = 7;
    /** The demo network's tensors: what its graph reads and writes. */
    private static final String HEAT_INPUT = "input";

    private static final String HEAT_OUTPUT = "heatmap";
    /** Heat-map pixels per input pixel along rows and columns (the demo manifest's output.stride). */
    private static final float STRIDE = 2;
    /** Half the box side, in input voxels at the demo spacing (2.5 mm slices, 2 mm pixels): a 10 mm cube. */
    private static final float HALF_PIXELS = 2.5f;

    private static final float HALF_SLICES = 2f;
    /** Heat-map voxels above 0.5 a maximum needs in its 3 x 3 x 3 neighbourhood (itself included). */
    private static final int MIN_VOXELS = 3;

    private final List<Protobuf> nodes = new ArrayList<>();
    private final List<Protobuf> initializers = new ArrayList<>();

    private DemoBoxModel() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DemoBoxModel MODELS_DIR   (the folder of demo-lung-nodule.yaml)");
            System.exit(2);
        }
        System.out.println("wrote " + write(Path.of(args[0]), Path.of(args[0])));
    }

    /**
     * Writes the model and its manifest ({@value #ID}.yaml) into {@code target}, made from the demo heat-map model in
     * {@code models}; returns the manifest.
     */
    public static Path write(Path models, Path target) throws IOException {
        byte[] heatmapModel = Files.readAllBytes(models.resolve("demo-lung-nodule-1.0.0.onnx"));
        byte[] onnx = new DemoBoxModel().model(heatmapModel);
        String file = ID + "-1.0.0.onnx";
        Files.write(target.resolve(file), onnx);
        Path manifest = target.resolve(ID + ".yaml");
        Files.writeString(manifest, manifest(file, ModelFile.sha256Of(onnx)));
        return manifest;
    }

    private static String manifest(String file, String sha256) {
        return """
                # Demo box detector, made by org.aiworklist.inference.training.DemoBoxModel from the demo heat-map
                # model (never committed): 10 mm boxes around the heat map's local maxima, corners in input voxels.
                id: %s
                version: 1.0.0
                name: Synthetic lung nodule box detector (demo)
                manufacturer: aiworklist project
                disclaimer: Synthetic demonstrator trained on phantoms — no clinical validity
                model:
                  file: %s
                  sha256: %s
                engines: [OnnxRuntime]
                input:
                  modality: CT
                  sopClasses: [1.2.840.10008.5.1.4.1.1.2, 1.2.840.10008.5.1.4.1.1.2.1]
                  series:
                    orientation: AXIAL
                    sliceThicknessMm: [0.5, 3.0]
                    minSlices: 20
                  preprocessing:
                    layout: NCDHW             # the whole volume; the model stacks the neighbours itself
                    huWindow: [-1000, 400]
                    spacingMm: [2.5, 2.0, 2.0]
                    padMultiple: 4
                    batchSize: 1
                output:
                  type: box-detection
                  boxes: {format: xyzxyz, coordinates: VOXEL}
                  threshold: 0.5
                  nmsIou: 0.1
                  maxFindings: 20
                  labels:
                    - name: nodule
                      finding: {code: "786838002", scheme: SCT, meaning: Pulmonary nodule}
                      site: {code: "39607008", scheme: SCT, meaning: Lung structure}
                """.formatted(ID, file, sha256);
    }

    /** The heat-map model's ModelProto with its graph wrapped: input volume, output boxes and scores. */
    private byte[] model(byte[] heatmapModel) {
        Protobuf model = new Protobuf();
        for (Protobuf.Field field : Protobuf.parse(heatmapModel)) {
            if (field.number() == ModelProto.GRAPH) {
                model.message(ModelProto.GRAPH, graph(Protobuf.payload(field)));
            } else {
                model.raw(field); // IR version, opset imports, producer
            }
        }
        return model.toByteArray();
    }

    private Protobuf graph(byte[] heatmapGraph) {
        stacks();
        List<Protobuf> before = List.copyOf(nodes);
        nodes.clear();
        boxes();
        Protobuf graph = new Protobuf();
        before.forEach(n -> graph.message(GraphProto.NODE, n));
        for (Protobuf.Field field : Protobuf.parse(heatmapGraph)) {
            if (field.number() != GraphProto.INPUT && field.number() != GraphProto.OUTPUT) {
                graph.raw(field); // the network's nodes and weights; its own input and output are ours now
            }
        }
        nodes.forEach(n -> graph.message(GraphProto.NODE, n));
        initializers.forEach(t -> graph.message(GraphProto.INITIALIZER, t));
        graph.message(GraphProto.INPUT, valueInfo("volume", FLOAT, "1", "1", "D", "H", "W"));
        graph.message(GraphProto.OUTPUT, valueInfo("boxes", FLOAT, String.valueOf(BOXES), "6"));
        graph.message(GraphProto.OUTPUT, valueInfo("scores", FLOAT, String.valueOf(BOXES)));
        return graph;
    }

    /** volume [1, 1, D, H, W] -> input [D, 3, H, W]: each slice between its neighbours, edges repeated. */
    private void stacks() {
        longs("box/axis0", 0);
        longs("box/zero", 0);
        longs("box/one", 1);
        longs("box/minus1", -1);
        longs("box/end", Long.MAX_VALUE);
        node("Squeeze", List.of("volume", "box/axis0"), "box/slices1"); // [1, D, H, W]
        node("Transpose", List.of("box/slices1"), "box/slices", ints("perm", 1, 0, 2, 3)); // [D, 1, H, W]
        slice("box/first", "box/zero", "box/one");
        slice("box/allButLast", "box/zero", "box/minus1");
        slice("box/allButFirst", "box/one", "box/end");
        slice("box/last", "box/minus1", "box/end");
        node("Concat", List.of("box/first", "box/allButLast"), "box/below", ints("axis", 0));
        node("Concat", List.of("box/allButFirst", "box/last"), "box/above", ints("axis", 0));
        node("Concat", List.of("box/below", "box/slices", "box/above"), HEAT_INPUT, ints("axis", 1));
    }

    private void slice(String output, String start, String end) {
        node("Slice", List.of("box/slices", start, end, "box/axis0"), output);
    }

    /** heatmap [D, 1, h, w] -> the strongest local maxima as boxes and scores. */
    private void boxes() {
        longs("box/flat", -1);
        longs("box/topK", BOXES);
        longs("box/rowAxis", 3);
        longs("box/columnAxis", 4);
        longs("box/unsqueeze1", 1);
        floats("box/zeroF", 0f);
        floats("box/oneF", 1f);
        floats("box/tieBreak", 1e-3f);
        floats("box/stride", STRIDE);
        floats("box/pixelCentre", (STRIDE - 1) / 2);
        floats("box/halfPixels", HALF_PIXELS);
        floats("box/halfSlices", HALF_SLICES);
        floats("box/half", 0.5f);
        floats("box/minSupport", (MIN_VOXELS - 0.5f) / 27);
        node("Transpose", List.of(HEAT_OUTPUT), "box/heat1", ints("perm", 1, 0, 2, 3)); // [1, D, h, w]
        node("Unsqueeze", List.of("box/heat1", "box/axis0"), "box/heat"); // [1, 1, D, h, w]
        node("Shape", List.of("box/heat"), "box/shape");
        // a ramp below 1e-3 makes equal values (a saturated plateau) differ, so a plateau has few maxima; a nodule
        // still has one per slice it crosses, as a 2D detector's: the node's suppression merges them
        node("Reshape", List.of("box/heat", "box/flat"), "box/heatFlat");
        node("Shape", List.of("box/heatFlat"), "box/count1");
        node("Squeeze", List.of("box/count1", "box/axis0"), "box/count");
        node("Cast", List.of("box/count"), "box/countF", ints("to", FLOAT));
        node("Range", List.of("box/zeroF", "box/countF", "box/oneF"), "box/ramp");
        node("Mul", List.of("box/ramp", "box/tieBreak"), "box/rampScaled");
        node("Div", List.of("box/rampScaled", "box/countF"), "box/rampSmall");
        node("Add", List.of("box/heatFlat", "box/rampSmall"), "box/rampedFlat");
        node("Reshape", List.of("box/rampedFlat", "box/shape"), "box/ramped");
        node(
                "MaxPool",
                List.of("box/ramped"),
                "box/pooled",
                ints("kernel_shape", 1, 3, 3),
                ints("pads", 0, 1, 1, 0, 1, 1),
                ints("strides", 1, 1, 1));
        node("Equal", List.of("box/ramped", "box/pooled"), "box/isPeak");
        node("Cast", List.of("box/isPeak"), "box/isPeakF", ints("to", FLOAT));
        // as the heat-map detector's minVoxels: a maximum counts with at least 3 voxels around it above 0.5
        node("GreaterOrEqual", List.of("box/heat", "box/half"), "box/hot");
        node("Cast", List.of("box/hot"), "box/hotF", ints("to", FLOAT));
        node(
                "AveragePool",
                List.of("box/hotF"),
                "box/support",
                ints("kernel_shape", 3, 3, 3),
                ints("pads", 1, 1, 1, 1, 1, 1),
                ints("strides", 1, 1, 1));
        node("Greater", List.of("box/support", "box/minSupport"), "box/supported");
        node("Cast", List.of("box/supported"), "box/supportedF", ints("to", FLOAT));
        node("Mul", List.of("box/isPeakF", "box/supportedF"), "box/isBlobPeak");
        node("Mul", List.of("box/ramped", "box/isBlobPeak"), "box/peaks");
        node("Reshape", List.of("box/peaks", "box/flat"), "box/peaksFlat");
        nodes.add(new Protobuf()
                .string(NodeProto.INPUT, "box/peaksFlat")
                .string(NodeProto.INPUT, "box/topK")
                .string(NodeProto.OUTPUT, "scores")
                .string(NodeProto.OUTPUT, "box/index")
                .string(NodeProto.OP_TYPE, "TopK"));
        // flat index -> slice k, row j, column i of the heat map
        node("Gather", List.of("box/shape", "box/rowAxis"), "box/rows");
        node("Gather", List.of("box/shape", "box/columnAxis"), "box/columns");
        node("Mul", List.of("box/rows", "box/columns"), "box/plane");
        node("Div", List.of("box/index", "box/plane"), "box/kIndex");
        node("Mod", List.of("box/index", "box/plane"), "box/inPlane");
        node("Div", List.of("box/inPlane", "box/columns"), "box/jIndex");
        node("Mod", List.of("box/inPlane", "box/columns"), "box/iIndex");
        // heat-map pixel (j, i) covers input pixels stride * j .. stride * j + stride - 1
        for (String axis : List.of("k", "j", "i")) {
            node("Cast", List.of("box/" + axis + "Index"), "box/" + axis, ints("to", FLOAT));
        }
        node("Mul", List.of("box/i", "box/stride"), "box/xScaled");
        node("Add", List.of("box/xScaled", "box/pixelCentre"), "box/x");
        node("Mul", List.of("box/j", "box/stride"), "box/yScaled");
        node("Add", List.of("box/yScaled", "box/pixelCentre"), "box/y");
        List<String> corners = new ArrayList<>();
        for (String op : List.of("Sub", "Add")) {
            for (String[] axis : new String[][] {
                {"box/x", "box/halfPixels"}, {"box/y", "box/halfPixels"}, {"box/k", "box/halfSlices"}
            }) {
                String corner = axis[0] + op;
                node(op, List.of(axis[0], axis[1]), corner);
                node("Unsqueeze", List.of(corner, "box/unsqueeze1"), corner + "Column");
                corners.add(corner + "Column");
            }
        }
        node("Concat", corners, "boxes", ints("axis", 1));
    }

    private void node(String op, List<String> inputs, String output, Protobuf... attributes) {
        Protobuf node = new Protobuf();
        inputs.forEach(i -> node.string(NodeProto.INPUT, i));
        node.string(NodeProto.OUTPUT, output).string(NodeProto.OP_TYPE, op);
        for (Protobuf a : attributes) {
            node.message(NodeProto.ATTRIBUTE, a);
        }
        nodes.add(node);
    }

    private static Protobuf ints(String name, long... values) {
        Protobuf a = new Protobuf().string(AttributeProto.NAME, name);
        if (values.length == 1
                && !List.of("perm", "kernel_shape", "pads", "strides").contains(name)) {
            return a.varint(AttributeProto.I, values[0]).varint(AttributeProto.TYPE, AttributeProto.TYPE_INT);
        }
        for (long v : values) {
            a.varint(AttributeProto.INTS, v);
        }
        return a.varint(AttributeProto.TYPE, AttributeProto.TYPE_INTS);
    }

    /** A 1-D int64 constant. */
    private void longs(String name, long... values) {
        ByteBuffer data = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            data.putLong(v);
        }
        initializers.add(new Protobuf()
                .varint(TensorProto.DIMS, values.length)
                .varint(TensorProto.DATA_TYPE, INT64)
                .string(TensorProto.NAME, name)
                .bytes(TensorProto.RAW_DATA, data.array()));
    }

    /** A float scalar constant (0-D), which broadcasts. */
    private void floats(String name, float value) {
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        initializers.add(new Protobuf()
                .varint(TensorProto.DATA_TYPE, FLOAT)
                .string(TensorProto.NAME, name)
                .bytes(TensorProto.RAW_DATA, data.array()));
    }

    /** A tensor's name, element type and shape (numbers, or names for dynamic sizes). */
    private static Protobuf valueInfo(String name, int elementType, String... dims) {
        Protobuf shape = new Protobuf();
        for (String d : dims) {
            Protobuf dim = new Protobuf();
            if (d.chars().allMatch(Character::isDigit)) {
                dim.varint(1, Long.parseLong(d)); // dim_value
            } else {
                dim.string(2, d); // dim_param
            }
            shape.message(1, dim);
        }
        Protobuf tensorType = new Protobuf().varint(1, elementType).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensorType));
    }

    /** Field numbers of onnx.proto's messages, as far as they are used here. */
    private static final class ModelProto {
        static final int GRAPH = 7;
    }

    private static final class GraphProto {
        static final int NODE = 1;
        static final int INITIALIZER = 5;
        static final int INPUT = 11;
        static final int OUTPUT = 12;
    }

    private static final class NodeProto {
        static final int INPUT = 1;
        static final int OUTPUT = 2;
        static final int OP_TYPE = 4;
        static final int ATTRIBUTE = 5;
    }

    private static final class AttributeProto {
        static final int NAME = 1;
        static final int I = 3;
        static final int INTS = 8;
        static final int TYPE = 20;
        static final int TYPE_INT = 2;
        static final int TYPE_INTS = 7;
    }

    private static final class TensorProto {
        static final int DIMS = 1;
        static final int DATA_TYPE = 2;
        static final int NAME = 8;
        static final int RAW_DATA = 9;
    }
}

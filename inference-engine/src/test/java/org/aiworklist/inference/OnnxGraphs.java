package org.aiworklist.inference;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Tiny ONNX models written by the tests themselves (protobuf by hand: no Python, no ONNX library): one operator
 * from input {@code image} to output {@code out}, every dimension dynamic.
 */
public final class OnnxGraphs {
    private static final int FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_INTS = 7;

    private OnnxGraphs() {}

    /** A model applying {@code op} (Identity, Round, Sigmoid, ...) to a float tensor of {@code rank} dimensions. */
    public static byte[] elementWise(String op, int rank) {
        byte[] node = message(string(1, "image"), string(2, "out"), string(4, op));
        byte[] graph = message(
                field(1, node),
                string(2, "test"),
                field(11, valueInfo("image", rank)),
                field(12, valueInfo("out", rank)));
        byte[] opset = message(string(1, ""), varint(2, 13));
        return message(varint(1, 7), string(2, "aiworklist-tests"), field(7, graph), field(8, opset));
    }

    /**
     * A model returning, per batch item and channel, the maximum over the spatial axes: [N, C, ...] to [N, C] (a
     * classifier whose probability per label is its channel's highest input value).
     */
    public static byte[] spatialMax(int rank) {
        ByteArrayOutputStream axes = new ByteArrayOutputStream();
        for (int a = 2; a < rank; a++) {
            axes.writeBytes(varint(8, a));
        }
        byte[] axesAttribute = message(string(1, "axes"), axes.toByteArray(), varint(20, ATTRIBUTE_INTS));
        byte[] keepDims = message(string(1, "keepdims"), varint(3, 0), varint(20, ATTRIBUTE_INT));
        byte[] node = message(
                string(1, "image"),
                string(2, "out"),
                string(4, "ReduceMax"),
                field(5, axesAttribute),
                field(5, keepDims));
        byte[] graph = message(
                field(1, node), string(2, "test"), field(11, valueInfo("image", rank)), field(12, valueInfo("out", 2)));
        byte[] opset = message(string(1, ""), varint(2, 13));
        return message(varint(1, 7), string(2, "aiworklist-tests"), field(7, graph), field(8, opset));
    }

    private static byte[] valueInfo(String name, int rank) {
        ByteArrayOutputStream dims = new ByteArrayOutputStream();
        for (int d = 0; d < rank; d++) {
            dims.writeBytes(field(1, message(string(2, "d" + d))));
        }
        byte[] tensorType = message(varint(1, FLOAT), field(2, dims.toByteArray()));
        return message(string(1, name), field(2, message(field(1, tensorType))));
    }

    private static byte[] message(byte[]... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : fields) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    private static byte[] field(int number, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) number << 3 | 2);
        writeVarint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static byte[] string(int number, String value) {
        return field(number, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] varint(int number, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (long) number << 3);
        writeVarint(out, value);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}

package org.aiworklist.inference.training;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the protocol buffers wire format (varints, fixed32, length-delimited fields) to write ONNX messages
 * and to copy the fields of an existing one, without a protobuf library.
 */
final class Protobuf {
    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** One field of a parsed message: its number and its bytes as they were, tag included. */
    record Field(int number, byte[] raw) {}

    Protobuf varint(int field, long value) {
        tag(field, VARINT);
        writeVarint(value);
        return this;
    }

    Protobuf fixed32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToIntBits(value);
        for (int i = 0; i < 4; i++) {
            out.write(bits >>> (8 * i));
        }
        return this;
    }

    Protobuf bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        writeVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    Protobuf string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Protobuf message(int field, Protobuf message) {
        return bytes(field, message.toByteArray());
    }

    /** A field copied as it was. */
    Protobuf raw(Field field) {
        out.writeBytes(field.raw());
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** The top-level fields of a message, in order. */
    static List<Field> parse(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        List<Field> fields = new ArrayList<>();
        while (in.hasRemaining()) {
            int start = in.position();
            long tag = readVarint(in);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case VARINT -> readVarint(in);
                case FIXED64 -> in.position(in.position() + 8);
                case LENGTH_DELIMITED -> {
                    long length = readVarint(in);
                    in.position(Math.toIntExact(in.position() + length));
                }
                case FIXED32 -> in.position(in.position() + 4);
                default -> throw new IllegalArgumentException("unsupported wire type in field " + number);
            }
            byte[] raw = new byte[in.position() - start];
            System.arraycopy(message, start, raw, 0, raw.length);
            fields.add(new Field(number, raw));
        }
        return fields;
    }

    /** The payload of a length-delimited field. */
    static byte[] payload(Field field) {
        ByteBuffer in = ByteBuffer.wrap(field.raw());
        readVarint(in);
        int length = Math.toIntExact(readVarint(in));
        byte[] payload = new byte[length];
        in.get(payload);
        return payload;
    }

    private void tag(int field, int wireType) {
        writeVarint(((long) field << 3) | wireType);
    }

    private void writeVarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }
}

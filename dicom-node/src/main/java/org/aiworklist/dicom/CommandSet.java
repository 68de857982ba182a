package org.aiworklist.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DIMSE command set (group 0000), always Implicit VR Little Endian on the wire (PS3.7 6.3.1). Only the
 * elements of C-STORE, C-ECHO, N-ACTION and N-EVENT-REPORT are named here; others are carried through as raw
 * values.
 */
final class CommandSet {
    static final int AFFECTED_SOP_CLASS_UID = 0x00000002;
    static final int REQUESTED_SOP_CLASS_UID = 0x00000003;
    static final int COMMAND_FIELD = 0x00000100;
    static final int MESSAGE_ID = 0x00000110;
    static final int MESSAGE_ID_BEING_RESPONDED_TO = 0x00000120;
    static final int PRIORITY = 0x00000700;
    static final int COMMAND_DATA_SET_TYPE = 0x00000800;
    static final int STATUS = 0x00000900;
    static final int ERROR_COMMENT = 0x00000902;
    static final int AFFECTED_SOP_INSTANCE_UID = 0x00001000;
    static final int REQUESTED_SOP_INSTANCE_UID = 0x00001001;
    static final int EVENT_TYPE_ID = 0x00001002;
    static final int ACTION_TYPE_ID = 0x00001008;

    static final int C_STORE_RQ = 0x0001;
    static final int C_ECHO_RQ = 0x0030;
    static final int N_EVENT_REPORT_RQ = 0x0100;
    static final int N_ACTION_RQ = 0x0130;
    static final int N_ACTION_RSP = 0x8130;
    static final int NO_DATA_SET = 0x0101;
    static final int DATA_SET_PRESENT = 0x0000;
    /** Set in the command field of every response (PS3.7 E.1). */
    private static final int RESPONSE_BIT = 0x8000;

    private static final int MAX_ERROR_COMMENT = 64;

    private final Map<Integer, byte[]> elements = new TreeMap<>(Integer::compareUnsigned);

    static CommandSet decode(byte[] bytes, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
        CommandSet c = new CommandSet();
        while (b.remaining() >= 8) {
            int tag = (b.getShort() & 0xffff) << 16 | (b.getShort() & 0xffff);
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                throw new IOException("command element length " + len + " runs past the command set");
            }
            byte[] value = new byte[len];
            b.get(value);
            c.elements.put(tag, value);
        }
        return c;
    }

    byte[] encode() {
        int size = 12; // (0000,0000) group length element
        for (byte[] v : elements.values()) {
            size += 8 + v.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putInt(4).putInt(size - 12);
        elements.forEach((tag, value) -> b.putShort((short) (tag >>> 16))
                .putShort((short) (int) tag)
                .putInt(value.length)
                .put(value));
        return b.array();
    }

    CommandSet putUid(int tag, String uid) {
        byte[] raw = uid.getBytes(StandardCharsets.US_ASCII);
        elements.put(tag, raw.length % 2 == 0 ? raw : Arrays.copyOf(raw, raw.length + 1)); // pad with NUL
        return this;
    }

    CommandSet putText(int tag, String text) {
        String even = text.length() % 2 == 0 ? text : text + " ";
        elements.put(tag, even.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    CommandSet putUs(int tag, int value) {
        elements.put(tag, new byte[] {(byte) value, (byte) (value >> 8)});
        return this;
    }

    int us(int tag) throws IOException {
        byte[] v = elements.get(tag);
        if (v == null || v.length < 2) {
            throw new IOException(String.format("command element (0000,%04X) missing", tag & 0xffff));
        }
        return (v[0] & 0xff) | (v[1] & 0xff) << 8;
    }

    int usOr(int tag, int fallback) {
        byte[] v = elements.get(tag);
        return v == null || v.length < 2 ? fallback : (v[0] & 0xff) | (v[1] & 0xff) << 8;
    }

    String uid(int tag) {
        byte[] v = elements.get(tag);
        if (v == null) {
            return null;
        }
        int end = v.length;
        while (end > 0 && (v[end - 1] == 0 || v[end - 1] == ' ')) {
            end--;
        }
        return new String(v, 0, end, StandardCharsets.US_ASCII);
    }

    int commandField() throws IOException {
        return us(COMMAND_FIELD);
    }

    boolean hasDataSet() {
        return usOr(COMMAND_DATA_SET_TYPE, NO_DATA_SET) != NO_DATA_SET;
    }

    static CommandSet storeRequest(int messageId, String sopClassUid, String sopInstanceUid) {
        return new CommandSet()
                .putUid(AFFECTED_SOP_CLASS_UID, sopClassUid)
                .putUs(COMMAND_FIELD, C_STORE_RQ)
                .putUs(MESSAGE_ID, messageId)
                .putUs(PRIORITY, 0)
                .putUs(COMMAND_DATA_SET_TYPE, DATA_SET_PRESENT)
                .putUid(AFFECTED_SOP_INSTANCE_UID, sopInstanceUid);
    }

    static CommandSet echoRequest(int messageId) {
        return new CommandSet()
                .putUid(AFFECTED_SOP_CLASS_UID, Uids.VERIFICATION)
                .putUs(COMMAND_FIELD, C_ECHO_RQ)
                .putUs(MESSAGE_ID, messageId)
                .putUs(COMMAND_DATA_SET_TYPE, NO_DATA_SET);
    }

    /** N-ACTION-RQ with a data set (PS3.7 10.3.4). */
    static CommandSet actionRequest(int messageId, String sopClassUid, String sopInstanceUid, int actionTypeId) {
        return new CommandSet()
                .putUid(REQUESTED_SOP_CLASS_UID, sopClassUid)
                .putUs(COMMAND_FIELD, N_ACTION_RQ)
                .putUs(MESSAGE_ID, messageId)
                .putUs(COMMAND_DATA_SET_TYPE, DATA_SET_PRESENT)
                .putUid(REQUESTED_SOP_INSTANCE_UID, sopInstanceUid)
                .putUs(ACTION_TYPE_ID, actionTypeId);
    }

    /** A response to this request with the status's meaning as its error comment. */
    CommandSet response(int status) throws IOException {
        return response(status, DimseStatus.meaning(status));
    }

    /** A response to this request, echoing its SOP class and instance (and event type) as PS3.7 9.3 and 10.3 ask. */
    CommandSet response(int status, String errorComment) throws IOException {
        int field = commandField() | RESPONSE_BIT;
        CommandSet rsp = new CommandSet()
                .putUs(COMMAND_FIELD, field)
                .putUs(MESSAGE_ID_BEING_RESPONDED_TO, us(MESSAGE_ID))
                .putUs(COMMAND_DATA_SET_TYPE, NO_DATA_SET)
                .putUs(STATUS, status);
        String sopClass = uid(AFFECTED_SOP_CLASS_UID);
        if (sopClass != null) {
            rsp.putUid(AFFECTED_SOP_CLASS_UID, sopClass);
        }
        String sopInstance = uid(AFFECTED_SOP_INSTANCE_UID);
        if (sopInstance != null) {
            rsp.putUid(AFFECTED_SOP_INSTANCE_UID, sopInstance);
        }
        if (elements.containsKey(EVENT_TYPE_ID)) {
            rsp.putUs(EVENT_TYPE_ID, us(EVENT_TYPE_ID));
        }
        if (errorComment != null && status != DimseStatus.SUCCESS) {
            rsp.putText(
                    ERROR_COMMENT,
                    errorComment.length() > MAX_ERROR_COMMENT
                            ? errorComment.substring(0, MAX_ERROR_COMMENT)
                            : errorComment);
        }
        return rsp;
    }
}

package org.aiworklist.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Splits P-DATA-TF PDUs into PDVs (PS3.8 9.3.5) and puts DIMSE messages together from them (PS3.7 8.1 and 9.1),
 * for the SCP and the SCU alike: command fragments are collected and decoded, data set fragments are passed on as
 * they come, so that a C-STORE data set can stream to disk. Every malformed or misplaced PDV is a
 * {@link ProtocolViolation}.
 */
final class DimseMessageAssembler {
    /** A command set is a few hundred bytes; more is a flood, not a command. */
    private static final int MAX_COMMAND_BYTES = 64 * 1024;

    private static final int PDV_HEADER = 6;
    /** Message control header bits (PS3.8 E.2): a command fragment, and the last fragment. */
    static final int CONTROL_COMMAND = 0x01;

    static final int CONTROL_LAST = 0x02;
    private static final int NONE = -1;

    /** Where the messages go. */
    interface Receiver {
        /** A command set has arrived whole; when it announces a data set, the fragments follow through data. */
        void command(int contextId, CommandSet command) throws IOException;

        /** One fragment of the data set of the last command: {@code b[off, off + n)}, last marking its end. */
        void data(byte[] b, int off, int n, boolean last) throws IOException;
    }

    private final ByteArrayOutputStream commandBytes = new ByteArrayOutputStream(256);
    /** The presentation context whose data set is arriving, or NONE between messages. */
    private int dataContextId = NONE;

    /** Passes on the PDVs of one P-DATA-TF PDU body, {@code body[0, length)}. */
    void feed(byte[] body, int length, Receiver receiver) throws IOException {
        int pos = 0;
        while (pos < length) {
            if (length - pos < PDV_HEADER) {
                throw violation("PDV header cut short");
            }
            int len = Association.getInt(body, pos);
            if (len < 2 || len > length - pos - 4) { // no addition: a length near 2^31 must not wrap around
                throw violation("bad PDV length " + len);
            }
            int contextId = body[pos + 4] & 0xff;
            int control = body[pos + 5];
            int off = pos + PDV_HEADER;
            int n = len - 2;
            pos += 4 + len;
            boolean last = (control & CONTROL_LAST) != 0;
            if ((control & CONTROL_COMMAND) != 0) {
                command(contextId, body, off, n, last, receiver);
            } else {
                if (contextId != dataContextId) {
                    throw violation(
                            dataContextId == NONE
                                    ? "data set fragment without its command"
                                    : "data set fragment on another presentation context");
                }
                if (last) {
                    dataContextId = NONE;
                }
                receiver.data(body, off, n, last);
            }
        }
    }

    private void command(int contextId, byte[] body, int off, int n, boolean last, Receiver receiver)
            throws IOException {
        if (dataContextId != NONE) {
            throw violation("command fragment inside a data set");
        }
        if (commandBytes.size() + n > MAX_COMMAND_BYTES) {
            throw violation("command set exceeds " + MAX_COMMAND_BYTES + " bytes");
        }
        commandBytes.write(body, off, n);
        if (last) {
            byte[] bytes = commandBytes.toByteArray();
            commandBytes.reset();
            CommandSet command = CommandSet.decode(bytes, bytes.length);
            if (command.hasDataSet()) {
                dataContextId = contextId;
            }
            receiver.command(contextId, command);
        }
    }

    private static ProtocolViolation violation(String message) {
        return new ProtocolViolation(AbortReasons.INVALID_PDU_PARAMETER, message);
    }
}

package org.aiworklist.dicom;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * One DICOM upper layer association on a TCP socket (PS3.8): reads PDUs and writes each PDU with a single
 * write call, so that Nagle's algorithm (off anyway: TCP_NODELAY is set) never splits a PDU into a delayed tail.
 * PixelMed's own association classes are package-private and decide rejections themselves, which is why the
 * node speaks the upper layer protocol here.
 */
final class Association implements AutoCloseable {
    static final int A_ASSOCIATE_RQ = 0x01;
    static final int A_ASSOCIATE_AC = 0x02;
    static final int A_ASSOCIATE_RJ = 0x03;
    static final int P_DATA_TF = 0x04;
    static final int A_RELEASE_RQ = 0x05;
    static final int A_RELEASE_RP = 0x06;
    static final int A_ABORT = 0x07;

    /** Largest P-DATA-TF PDU we accept; also the size we cut our own data into when the peer allows it. */
    static final int MAX_PDU_LENGTH = 262_144;
    /** Largest PDU other than P-DATA we are willing to buffer (A-ASSOCIATE-RQ with many contexts). */
    private static final int MAX_CONTROL_PDU = 1 << 20;
    static final int CONNECT_TIMEOUT_MS = 10_000;
    static final int ARTIM_TIMEOUT_MS = 30_000;
    static final int DIMSE_TIMEOUT_MS = 120_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    /** Grows to the largest PDU seen; most associations (C-ECHO, small objects) never need the maximum. */
    private byte[] body = new byte[16_384];
    private int bodyLength;
    private int peerMaxPduLength = MAX_PDU_LENGTH;

    Association(Socket socket) throws IOException {
        this.socket = socket;
        socket.setTcpNoDelay(true);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 65_536));
        this.out = socket.getOutputStream();
    }

    /** Opens a TCP connection and negotiates; the returned association holds the peer's answer per context. */
    static Association request(RemoteApplicationEntity peer, String callingAeTitle, List<PresentationContext> proposed,
                               List<PresentationContext> answered) throws AssociationFailure {
        return request(peer, callingAeTitle, proposed, List.of(), answered);
    }

    /** As above, also proposing SCP/SCU roles (PS3.7 D.3.3.4) for some SOP classes. */
    static Association request(RemoteApplicationEntity peer, String callingAeTitle, List<PresentationContext> proposed,
                               List<AssociationParameters.RoleSelection> roles, List<PresentationContext> answered)
            throws AssociationFailure {
        Socket socket = new Socket();
        Association a = null;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(peer.host(), peer.port()), CONNECT_TIMEOUT_MS);
            a = new Association(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new AssociationFailure(AssociationFailure.Kind.CONNECTION_FAILED,
                    "cannot connect to " + peer + ": " + e.getMessage(), e);
        }
        try {
            socket.setSoTimeout(ARTIM_TIMEOUT_MS);
            AssociationParameters rq = new AssociationParameters(peer.aeTitle(), callingAeTitle,
                    AssociationParameters.DICOM_APPLICATION_CONTEXT, proposed, MAX_PDU_LENGTH,
                    AssociationParameters.IMPLEMENTATION_CLASS_UID, AssociationParameters.IMPLEMENTATION_VERSION_NAME,
                    roles);
            a.writePdu(A_ASSOCIATE_RQ, rq.encode(false));
            int type = a.readPdu();
            switch (type) {
                case A_ASSOCIATE_AC -> {
                    AssociationParameters ac = AssociationParameters.decode(a.body, a.bodyLength, true);
                    a.setPeerMaxPduLength(ac.maxPduLength());
                    answered.addAll(ac.presentationContexts());
                    socket.setSoTimeout(DIMSE_TIMEOUT_MS);
                    return a;
                }
                case A_ASSOCIATE_RJ -> throw AssociationFailure.rejected(a.body[1] & 0xff, a.body[2] & 0xff,
                        a.body[3] & 0xff);
                case A_ABORT -> throw new AssociationFailure(AssociationFailure.Kind.ABORTED,
                        "peer aborted during negotiation", null);
                default -> throw new AssociationFailure(AssociationFailure.Kind.PROTOCOL_ERROR,
                        "unexpected PDU type " + type + " in answer to A-ASSOCIATE-RQ", null);
            }
        } catch (AssociationFailure f) {
            a.close();
            throw f;
        } catch (IOException e) {
            a.close();
            throw failure(e, peer.toString());
        }
    }

    /** Maps an I/O problem on an established association to the failure callers can act on. */
    static AssociationFailure failure(IOException e, String peer) {
        if (e instanceof SocketTimeoutException) {
            return new AssociationFailure(AssociationFailure.Kind.TIMED_OUT, "no answer from " + peer, e);
        }
        if (e instanceof PeerAbort) {
            return new AssociationFailure(AssociationFailure.Kind.ABORTED, peer + " aborted the association", e);
        }
        return new AssociationFailure(AssociationFailure.Kind.ABORTED,
                "association with " + peer + " broke: " + e.getMessage(), e);
    }

    String remoteAddress() {
        return socket.getInetAddress().getHostAddress();
    }

    void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** Reads one PDU; its body is then in {@link #body()} (valid until the next read). Returns the PDU type. */
    int readPdu() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("connection closed by peer");
        }
        in.readUnsignedByte();
        long length = in.readInt() & 0xffffffffL;
        int limit = type == P_DATA_TF ? MAX_PDU_LENGTH + 6 : MAX_CONTROL_PDU;
        if (length > limit) {
            throw new IOException("PDU of type " + type + " too long: " + length);
        }
        if (body.length < length) {
            body = new byte[(int) length];
        }
        in.readFully(body, 0, (int) length);
        bodyLength = (int) length;
        return type;
    }

    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    void setPeerMaxPduLength(int declared) {
        peerMaxPduLength = declared == 0 ? MAX_PDU_LENGTH : Math.min(declared, MAX_PDU_LENGTH);
    }

    void writePdu(int type, byte[] pduBody) throws IOException {
        byte[] pdu = new byte[6 + pduBody.length];
        pdu[0] = (byte) type;
        putInt(pdu, 2, pduBody.length);
        System.arraycopy(pduBody, 0, pdu, 6, pduBody.length);
        out.write(pdu);
    }

    void reject(int result, int source, int reason) throws IOException {
        writePdu(A_ASSOCIATE_RJ, new byte[]{0, (byte) result, (byte) source, (byte) reason});
    }

    /** A-ABORT with source 0 (service-user) or 2 (service-provider) and a PS3.8 reason. */
    void abort(int source, int reason) {
        try {
            writePdu(A_ABORT, new byte[]{0, 0, (byte) source, (byte) reason});
        } catch (IOException ignored) {
            // the peer is gone already; closing is all that is left
        }
        close();
    }

    /** Sends a command set as one P-DATA-TF PDU with a single, last command fragment. */
    void sendCommand(int contextId, CommandSet command) throws IOException {
        byte[] c = command.encode();
        byte[] pdu = new byte[12 + c.length];
        pdu[0] = P_DATA_TF;
        putInt(pdu, 2, 6 + c.length);
        putInt(pdu, 6, 2 + c.length);
        pdu[10] = (byte) contextId;
        pdu[11] = 0x03; // command, last fragment
        System.arraycopy(c, 0, pdu, 12, c.length);
        out.write(pdu);
    }

    /** Sends a data set in P-DATA-TF PDUs no larger than the peer allows, one write per PDU. */
    void sendDataSet(int contextId, InputStream data, long length) throws IOException {
        int chunk = peerMaxPduLength - 6; // PDV header: length (4), context id, message control header
        byte[] pdu = new byte[12 + (int) Math.min(chunk, Math.max(length, 0))];
        long left = length;
        do {
            int n = (int) Math.min(chunk, left);
            pdu[0] = P_DATA_TF;
            putInt(pdu, 2, 6 + n);
            putInt(pdu, 6, 2 + n);
            pdu[10] = (byte) contextId;
            pdu[11] = (byte) (left == n ? 0x02 : 0x00); // data; last fragment flag on the final one
            readFully(data, pdu, 12, n);
            out.write(pdu, 0, 12 + n);
            left -= n;
        } while (left > 0);
    }

    /** Reads PDUs until a complete command set has arrived (the SCU side, waiting for a response). */
    CommandSet readCommand() throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream(256);
        return readPdvs("a response", false, (contextId, isCommand, last, off, n) -> {
            if (!isCommand) {
                throw new IOException("data set fragment where a response command was expected");
            }
            command.write(body, off, n);
            return last ? decode(command) : null;
        });
    }

    /**
     * Reads the next message the peer initiates: its command and, when it announces one, its data set (at most
     * {@code maxDataSet} bytes). Returns null when the peer asks for release instead (answered with A-RELEASE-RP).
     */
    Message readMessage(int maxDataSet) throws IOException {
        ByteArrayOutputStream command = new ByteArrayOutputStream(256);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        CommandSet[] decoded = new CommandSet[1];
        return readPdvs("a message", true, (contextId, isCommand, last, off, n) -> {
            if (isCommand == (decoded[0] != null)) {
                throw new IOException(isCommand ? "command fragment inside a data set" : "data before its command");
            }
            ByteArrayOutputStream target = isCommand ? command : data;
            if (target.size() + n > (isCommand ? MAX_CONTROL_PDU : maxDataSet)) {
                throw new IOException("message larger than " + maxDataSet + " bytes");
            }
            target.write(body, off, n);
            if (!last) {
                return null;
            }
            if (!isCommand) {
                return new Message(contextId, decoded[0], data.toByteArray());
            }
            decoded[0] = decode(command);
            return decoded[0].hasDataSet() ? null : new Message(contextId, decoded[0], null);
        });
    }

    /** Receives one PDV; its value is {@code body[off, off + n)}. Returns the result once complete, else null. */
    @FunctionalInterface
    private interface PdvHandler<T> {
        T pdv(int contextId, boolean isCommand, boolean last, int off, int n) throws IOException;
    }

    /**
     * Reads P-DATA-TF PDUs and hands their PDVs to {@code handler} until it returns a result (PDVs after it in the
     * same PDU are dropped). A-ABORT throws {@link PeerAbort}; A-RELEASE-RQ, where {@code releaseAllowed}, is
     * answered with A-RELEASE-RP and returns null.
     */
    private <T> T readPdvs(String waitingFor, boolean releaseAllowed, PdvHandler<T> handler) throws IOException {
        while (true) {
            int type = readPdu();
            if (releaseAllowed && type == A_RELEASE_RQ) {
                writePdu(A_RELEASE_RP, new byte[4]);
                return null;
            }
            if (type == A_ABORT) {
                throw new PeerAbort();
            }
            if (type != P_DATA_TF) {
                throw new IOException("unexpected PDU type " + type + " while waiting for " + waitingFor);
            }
            for (int pos = 0; pos + 6 <= bodyLength; ) {
                int len = getInt(body, pos);
                if (len < 2 || len > bodyLength - pos - 4) { // no addition: a length near 2^31 must not wrap
                    throw new IOException("bad PDV length " + len);
                }
                int control = body[pos + 5];
                T result = handler.pdv(body[pos + 4] & 0xff, (control & 0x01) != 0, (control & 0x02) != 0, pos + 6,
                        len - 2);
                if (result != null) {
                    return result;
                }
                pos += 4 + len;
            }
        }
    }

    private static CommandSet decode(ByteArrayOutputStream command) throws IOException {
        byte[] bytes = command.toByteArray();
        return CommandSet.decode(bytes, bytes.length);
    }

    /** A DIMSE message: the presentation context it came on, its command and its data set (null if none). */
    record Message(int contextId, CommandSet command, byte[] dataSet) {
    }

    /** Orderly release as requestor: A-RELEASE-RQ, then wait for A-RELEASE-RP. */
    void release() throws IOException {
        writePdu(A_RELEASE_RQ, new byte[4]);
        socket.setSoTimeout(ARTIM_TIMEOUT_MS);
        int type = readPdu();
        if (type != A_RELEASE_RP) {
            throw new IOException("expected A-RELEASE-RP, got PDU type " + type);
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing useful to do when a close fails
        }
    }

    private static void readFully(InputStream in, byte[] b, int off, int n) throws IOException {
        int done = in.readNBytes(b, off, n);
        if (done != n) {
            throw new EOFException("data set shorter than announced");
        }
    }

    static int getInt(byte[] b, int pos) {
        return (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
    }

    private static void putInt(byte[] b, int pos, int v) {
        b[pos] = (byte) (v >>> 24);
        b[pos + 1] = (byte) (v >>> 16);
        b[pos + 2] = (byte) (v >>> 8);
        b[pos + 3] = (byte) v;
    }

    /** The peer sent A-ABORT. */
    static final class PeerAbort extends IOException {
        PeerAbort() {
            super("A-ABORT received");
        }
    }
}

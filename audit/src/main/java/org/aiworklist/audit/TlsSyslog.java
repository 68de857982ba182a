package org.aiworklist.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Syslog over TLS (RFC 5425): "MSG-LEN SP SYSLOG-MSG" on one long-lived connection, opened again after a failure. */
final class TlsSyslog implements SyslogTransport {
    private final Connector connector;
    private Socket socket;
    private OutputStream out;

    TlsSyslog(Connector connector) {
        this.connector = connector;
    }

    @Override
    public void send(byte[] message) throws IOException {
        try {
            if (socket == null) {
                socket = connector.open();
                out = socket.getOutputStream();
            }
            out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(message);
            out.flush();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the connection is dropped either way
            }
            socket = null;
            out = null;
        }
    }
}

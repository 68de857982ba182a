package org.aiworklist.audit;

import java.io.IOException;

/** Carries one syslog message (RFC 5424) to the audit record repository. Used by one thread at a time. */
public interface SyslogTransport extends AutoCloseable {
    /** Sends it, or throws; a transport that failed reconnects on the next call. */
    void send(byte[] message) throws IOException;

    @Override
    void close();

    /** Opens a connection secured as configured (RFC 5425: TLS, both sides authenticated). */
    @FunctionalInterface
    interface Connector {
        java.net.Socket open() throws IOException;
    }

    /** RFC 5425: over TLS, each message framed by its length in octets. */
    static SyslogTransport tls(Connector connector) {
        return new TlsSyslog(connector);
    }

    /** RFC 5426: one datagram per message. */
    static SyslogTransport udp(String host, int port) {
        return new UdpSyslog(host, port);
    }
}

package org.aiworklist.audit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/** Syslog over UDP (RFC 5426): one message per datagram, no acknowledgement (a receiver that is down loses it). */
final class UdpSyslog implements SyslogTransport {
    private final InetSocketAddress to;
    private DatagramSocket socket;

    UdpSyslog(String host, int port) {
        this.to = InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public void send(byte[] message) throws IOException {
        if (socket == null) {
            socket = new DatagramSocket();
        }
        socket.send(
                new DatagramPacket(message, message.length, new InetSocketAddress(to.getHostString(), to.getPort())));
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}

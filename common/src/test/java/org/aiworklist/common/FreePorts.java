package org.aiworklist.common;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts and binds later (a node's HTTP port, rsyslog, Orthanc, PostgreSQL), chosen below
 * the kernel's ephemeral range. A port found free with {@code new ServerSocket(0)} comes from that range, so a socket
 * bound to port 0 in the meantime (the node's own DICOM listeners) or an outgoing connection can take it before its
 * server binds it: a CI run failed so, the node's DICOM TLS listener having got the HTTP port picked for it.
 */
public final class FreePorts {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Where the kernel's range cannot be read: Linux's default starts here. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;

    private static final int LOWEST = 10_000;
    private static final int TRIES = 500;
    /** Handed out in this JVM: two picks before either server binds must not get the same port. */
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    /** A TCP port free on the loopback address, below the ephemeral range. */
    public static int tcp() throws IOException {
        return pick(false);
    }

    /** A UDP port free on the loopback address, below the ephemeral range. */
    public static int udp() throws IOException {
        return pick(true);
    }

    private static int pick(boolean udp) throws IOException {
        int high = ephemeralLow();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, high);
            if (GIVEN.contains(port)) {
                continue;
            }
            try {
                if (udp) {
                    new DatagramSocket(port, loopback).close();
                } else {
                    new ServerSocket(port, 1, loopback).close();
                }
            } catch (IOException inUse) {
                continue;
            }
            if (GIVEN.add(port)) {
                return port;
            }
        }
        throw new IOException("no free port found between " + LOWEST + " and " + high + " in " + TRIES + " tries");
    }

    private static int ephemeralLow() {
        try {
            // "32768\t60999": the low end, then the high end
            int low = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).strip().split("\\s+", 2)[0]);
            return low > LOWEST + 5_000 ? low : DEFAULT_EPHEMERAL_LOW;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }
}

package org.aiworklist.inference.generative;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pixels go only to allowed hosts, and to a public address only when that is explicitly allowed. */
class EndpointAddressesTest {
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "::1");

    @Test
    void loopbackIsAllowedByDefault() {
        assertNull(EndpointAddresses.refusal(URI.create("http://127.0.0.1:18555/v1"), LOOPBACK, false));
        assertNull(EndpointAddresses.refusal(URI.create("http://[::1]:18555/v1"), LOOPBACK, false));
    }

    @Test
    void aHostNotOnTheListIsRefused() {
        String refusal = EndpointAddresses.refusal(URI.create("http://10.1.2.3:8000/v1"), LOOPBACK, false);
        assertTrue(refusal.contains("not on the allowlist"), refusal);
    }

    @Test
    void aPublicAddressIsRefusedUnlessExplicitlyAllowed() {
        List<String> allowed = List.of("8.8.8.8", "10.1.2.3");
        String refusal = EndpointAddresses.refusal(URI.create("https://8.8.8.8/v1"), allowed, false);
        assertTrue(refusal.contains("public address 8.8.8.8") && refusal.contains("allowPublicAddresses"), refusal);
        assertNull(EndpointAddresses.refusal(URI.create("https://8.8.8.8/v1"), allowed, true));
        assertNull(EndpointAddresses.refusal(URI.create("http://10.1.2.3:8000/v1"), allowed, false));
    }

    @Test
    void privateRangesArePrivate() throws Exception {
        for (String a : List.of("10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.1.1", "100.64.0.1", "fd00::1")) {
            assertTrue(EndpointAddresses.isPrivate(InetAddress.getByName(a)), a);
        }
        for (String a : List.of("8.8.8.8", "100.128.0.1", "2001:4860::8888", "172.32.0.1")) {
            assertTrue(!EndpointAddresses.isPrivate(InetAddress.getByName(a)), a);
        }
    }
}

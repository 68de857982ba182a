package org.aiworklist.inference.generative;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;

/**
 * Where the node may send a study's pixels: only to an endpoint whose host is on the allowlist (by default the
 * loopback names only), and, unless public addresses are explicitly allowed, only when every address the host
 * resolves to is private (loopback, site-local, link-local, IPv6 unique-local, carrier-grade NAT): images never
 * leave the hospital's network by mistake. Checked at start-up and again before each request (DNS may change).
 */
public final class EndpointAddresses {
    private EndpointAddresses() {}

    /** The host as written in the URL, lower case, IPv6 brackets removed. */
    public static String host(URI endpoint) {
        String host = endpoint.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Null when the endpoint may be used, else why not (one line). */
    public static String refusal(URI endpoint, Collection<String> allowedHosts, boolean allowPublic) {
        String host = host(endpoint);
        if (allowedHosts.stream().noneMatch(h -> h.toLowerCase(Locale.ROOT).equals(host))) {
            return "endpoint host '" + host + "' is not on the allowlist " + allowedHosts;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return "endpoint host '" + host + "' does not resolve";
        }
        if (!allowPublic) {
            for (InetAddress a : addresses) {
                if (!isPrivate(a)) {
                    return "endpoint host '" + host + "' is the public address " + a.getHostAddress()
                            + ": images would leave the hospital network (allow only with"
                            + " modelEndpoints.allowPublicAddresses: true)";
                }
            }
        }
        return null;
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
        }
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64; // 100.64.0.0/10 carrier-grade NAT
    }
}

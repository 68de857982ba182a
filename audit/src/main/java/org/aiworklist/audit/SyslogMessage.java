package org.aiworklist.audit;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * An audit message as an RFC 5424 syslog message, as IHE ATNA (ITI-20) asks: facility authpriv (10), severity
 * notice (5), MSGID "IHE+RFC-3881", no structured data, and the XML as UTF-8 after a byte order mark.
 */
final class SyslogMessage {
    private static final int PRI = 10 * 8 + 5;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final String header;

    SyslogMessage(String appName) {
        this.header = " " + printable(hostName(), 255) + " " + printable(appName, 48) + " "
                + ProcessHandle.current().pid() + " IHE+RFC-3881 - ";
    }

    byte[] frame(Instant at, String xml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(xml.length() + 128);
        byte[] start = ("<" + PRI + ">1 " + DateTimeFormatter.ISO_INSTANT.format(at) + header)
                .getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(start);
        out.writeBytes(BOM);
        out.writeBytes(xml.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** RFC 5424 header fields: printable US-ASCII without spaces, at most {@code max} characters, "-" if none. */
    private static String printable(String s, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < max; i++) {
            char c = s.charAt(i);
            out.append(c > 32 && c < 127 ? c : '_');
        }
        return out.length() == 0 ? "-" : out.toString();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }
}

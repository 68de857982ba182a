package org.aiworklist.dicom;

import java.util.Objects;

/**
 * A peer application entity we open associations to: AE title plus the TCP connection that reaches it, over DICOM
 * TLS when {@code tls} is set (null: plain TCP).
 */
public record RemoteApplicationEntity(String aeTitle, String host, int port, DicomTls tls) {
    public RemoteApplicationEntity {
        AeTitles.requireValid(aeTitle);
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public RemoteApplicationEntity(String aeTitle, String host, int port) {
        this(aeTitle, host, port, null);
    }

    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port + (tls == null ? "" : " (TLS)");
    }
}

package org.aiworklist.dicom;

import java.util.Objects;

/** A peer application entity we open associations to: AE title plus the TCP connection that reaches it. */
public record RemoteApplicationEntity(String aeTitle, String host, int port) {
    public RemoteApplicationEntity {
        AeTitles.requireValid(aeTitle);
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return aeTitle + "@" + host + ":" + port;
    }
}

package org.aiworklist.reports;

import java.util.Objects;
import org.aiworklist.common.UidRoot;

/**
 * The node as the SR's device observer (TID 1004), as the General Equipment of every output, and as the Source
 * Application Entity Title of the files written.
 *
 * @param aeTitle           the node's configured AE title
 * @param deviceObserverUid stable per node and model version; null derives one with
 *                          {@link DerivedUids#deviceObserver(String, String, String, String)}
 */
public record DeviceIdentity(
        String nodeName, String aeTitle, String manufacturer, String softwareVersion, String deviceObserverUid) {
    public DeviceIdentity {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(aeTitle, "aeTitle");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(softwareVersion, "softwareVersion");
        if (deviceObserverUid != null && !UidRoot.isUid(deviceObserverUid)) {
            throw new IllegalArgumentException("not a valid DICOM UID: " + deviceObserverUid);
        }
    }
}

package org.aiworklist.dicom;

/**
 * A calling application entity the Storage SCP accepts associations from.
 *
 * @param host IP address the association must come from, or null for any host
 */
public record AllowedSource(String aeTitle, String host) {
    public AllowedSource {
        AeTitles.requireValid(aeTitle);
    }

    boolean matches(String callingAeTitle, String callingAddress) {
        return aeTitle.equals(callingAeTitle) && (host == null || host.equals(callingAddress));
    }
}

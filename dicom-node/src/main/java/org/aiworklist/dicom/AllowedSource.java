package org.aiworklist.dicom;

import javax.security.auth.x500.X500Principal;

/**
 * A calling application entity the Storage SCP accepts associations from.
 *
 * @param host               IP address the association must come from, or null for any host
 * @param certificateSubject the subject its DICOM TLS client certificate must name, or null for any caller (plain or
 *                           TLS); a source bound to a subject can only come in over TLS
 */
public record AllowedSource(String aeTitle, String host, X500Principal certificateSubject) {
    public AllowedSource {
        AeTitles.requireValid(aeTitle);
    }

    public AllowedSource(String aeTitle, String host) {
        this(aeTitle, host, null);
    }

    boolean matches(String callingAeTitle, String callingAddress) {
        return aeTitle.equals(callingAeTitle) && (host == null || host.equals(callingAddress));
    }

    /** X500Principal equality compares the names canonically (case, spacing, attribute order within an RDN). */
    boolean authenticatedBy(X500Principal peerSubject) {
        return certificateSubject == null || certificateSubject.equals(peerSubject);
    }
}

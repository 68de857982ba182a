package org.aiworklist.dicom;

import javax.security.auth.x500.X500Principal;

/**
 * A calling application entity the Storage SCP accepts associations from.
 *
 * @param host               IP address the association must come from, or null for any host
 * @param certificateSubject the subject its DICOM TLS client certificate must name, or null for any
 * @param certificateDnsName a subjectAltName DNS name its client certificate must carry (compared ignoring case), or
 *                           null for any; a source bound either way can only come in over TLS
 */
public record AllowedSource(String aeTitle, String host, X500Principal certificateSubject, String certificateDnsName) {
    public AllowedSource {
        AeTitles.requireValid(aeTitle);
    }

    public AllowedSource(String aeTitle, String host) {
        this(aeTitle, host, null, null);
    }

    /** Whether the source is bound to a certificate: then only a caller with that certificate passes. */
    boolean bound() {
        return certificateSubject != null || certificateDnsName != null;
    }

    boolean matches(String callingAeTitle, String callingAddress) {
        return aeTitle.equals(callingAeTitle) && (host == null || host.equals(callingAddress));
    }

    /**
     * X500Principal equality compares the names canonically (case, spacing, attribute order within an RDN).
     *
     * @param peer the caller's verified client certificate, null on the plain port or without one
     */
    boolean authenticatedBy(PeerCertificate peer) {
        if (!bound()) {
            return true;
        }
        return peer != null
                && (certificateSubject == null || certificateSubject.equals(peer.subject()))
                && (certificateDnsName == null
                        || peer.dnsNames().stream().anyMatch(certificateDnsName::equalsIgnoreCase));
    }
}

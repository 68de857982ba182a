package org.aiworklist.dicom;

import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;

/**
 * What a DICOM TLS caller's verified client certificate says about it: its subject and its subjectAltName DNS names.
 */
record PeerCertificate(X500Principal subject, List<String> dnsNames) {
    /** subjectAltName type 2: dNSName (RFC 5280 4.2.1.6). */
    private static final int DNS_NAME = 2;

    PeerCertificate {
        Objects.requireNonNull(subject, "subject");
        dnsNames = List.copyOf(dnsNames);
    }

    /** The certificate the handshake verified; null on a socket without TLS or a caller without a certificate. */
    static PeerCertificate of(Socket socket) {
        if (!(socket instanceof SSLSocket tls)) {
            return null;
        }
        try {
            Certificate[] chain = tls.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? of(x509) : null;
        } catch (SSLPeerUnverifiedException noCertificate) {
            return null;
        }
    }

    static PeerCertificate of(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            names = null; // the handshake accepted it; without readable names only the subject can match
        }
        List<String> dns = names == null
                ? List.of()
                : names.stream()
                        .filter(n -> n.size() == 2 && Integer.valueOf(DNS_NAME).equals(n.get(0)))
                        .map(n -> String.valueOf(n.get(1)))
                        .toList();
        return new PeerCertificate(certificate.getSubjectX500Principal(), dns);
    }

    /** For log lines and audit messages: the subject (RFC 2253) and any DNS names. */
    @Override
    public String toString() {
        return "subject " + subject.getName()
                + (dnsNames.isEmpty() ? "" : " (DNS " + String.join(", ", dnsNames) + ")");
    }
}

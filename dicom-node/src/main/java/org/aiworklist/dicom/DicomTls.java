package org.aiworklist.dicom;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The node's DICOM TLS (PS3.15 B.9, BCP 195 profile): TLS 1.2 and 1.3 with AEAD suites and forward secrecy only,
 * the node's certificate and key from PEM files, and the certificates it trusts for peers, from a PEM file too (as
 * hospitals' IT hand them out). The same identity serves inbound associations and outbound ones (exports, Storage
 * Commitment). Peers' chains are checked against the trusted certificates only, with their validity dates; an
 * outbound connection also checks that the peer's certificate names the host it was configured with.
 */
public final class DicomTls {
    /** PS3.15 Annex B assigns 2762 to DICOM over TLS. */
    public static final int DEFAULT_PORT = 2762;

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** RFC 9325 (BCP 195) 4.2: AEAD with ECDHE (or DHE); TLS 1.3's suites are all AEAD. */
    private static final List<String> SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final SSLContext context;
    private final String[] suites;
    private final boolean requireClientCertificate;

    private DicomTls(SSLContext context, boolean requireClientCertificate) {
        this.context = context;
        this.requireClientCertificate = requireClientCertificate;
        List<String> supported =
                Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
        this.suites = SUITES.stream().filter(supported::contains).toArray(String[]::new);
    }

    /**
     * Reads the node's certificate chain (the node's certificate first), its unencrypted PKCS#8 private key and the
     * certificates trusted for peers. A file that cannot be read or used is an {@link IllegalArgumentException}
     * naming the file and the problem.
     */
    public static DicomTls fromPem(
            Path certificate, Path privateKey, Path trustedCertificates, boolean requireClientCertificate) {
        try {
            char[] none = new char[0];
            KeyStore identity = identity(certificate, privateKey, none);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, none);

            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust(trustedCertificates).getTrustManagers(), null);
            return new DicomTls(context, requireClientCertificate);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS set-up failed: " + e.getMessage(), e);
        }
    }

    /**
     * A TLS client that trusts only the authorities in {@code trustedCertificates} (PEM), not the JDK's: for HTTPS
     * fetches from hospital servers with certificates of the hospital's own CA (the OIDC provider's keys). Host names
     * are still checked by the HTTPS client using it.
     */
    public static SSLSocketFactory clientTrusting(Path trustedCertificates) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust(trustedCertificates).getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("TLS set-up failed: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trust(Path trustedCertificates) throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        List<X509Certificate> anchors = certificates(trustedCertificates);
        for (int i = 0; i < anchors.size(); i++) {
            trusted.setCertificateEntry("trusted-" + i, anchors.get(i));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trusted);
        return trust;
    }

    /**
     * The certificate chain (PEM, the holder's certificate first) and its unencrypted PKCS#8 key (PEM) as an in-memory
     * key store under alias "node", its key protected by {@code password}: also for the HTTPS listener.
     */
    public static KeyStore identity(Path certificate, Path privateKey, char[] password)
            throws GeneralSecurityException, IOException {
        List<X509Certificate> chain = certificates(certificate);
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("node", privateKey(privateKey, chain.get(0)), password, chain.toArray(Certificate[]::new));
        return identity;
    }

    /** The protocols and cipher suites of BCP 195 this JDK offers: also for the HTTPS listener. */
    public static List<String> protocols() {
        return List.of(PROTOCOLS);
    }

    /** BCP 195's AEAD suites with forward secrecy (every one is in JDK 17). */
    public static List<String> cipherSuites() {
        return SUITES;
    }

    /** A listening socket whose connections must complete the handshake (see {@link #handshake}) before use. */
    ServerSocket bind(String bindAddress, int port) throws IOException {
        SSLServerSocket server =
                (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        server.setReuseAddress(true);
        SSLParameters p = parameters();
        if (requireClientCertificate) {
            p.setNeedClientAuth(true);
        } else {
            p.setWantClientAuth(true); // a certificate offered is still checked
        }
        server.setSSLParameters(p);
        server.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 128);
        return server;
    }

    /** Layers TLS over a connected socket to {@code host}, whose certificate must name that host. */
    SSLSocket client(Socket connected, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(connected, host, port, true);
        SSLParameters p = parameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 6125 host name check, as BCP 195 asks
        socket.setSSLParameters(p);
        return socket;
    }

    /**
     * A TLS connection to {@code host:port} with this identity and trust, handshake done (within
     * {@code timeoutMillis}, as the connect): for the audit trail's syslog over TLS (RFC 5425), which IHE ATNA
     * secures like DICOM TLS, with both sides' certificates.
     */
    public Socket connect(String host, int port, int timeoutMillis) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), timeoutMillis);
            SSLSocket tls = client(plain, host, port);
            handshake(tls, timeoutMillis);
            return tls;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /**
     * Runs the handshake within {@code timeoutMillis}; a peer the node does not trust (unknown issuer, expired,
     * wrong host) makes it fail here, before any DICOM is exchanged.
     */
    static void handshake(SSLSocket socket, int timeoutMillis) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout(timeoutMillis);
        socket.startHandshake();
        socket.setSoTimeout(before);
    }

    private SSLParameters parameters() {
        SSLParameters p = context.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setCipherSuites(suites);
        p.setUseCipherSuitesOrder(true);
        return p;
    }

    private static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> read;
        try (var in = Files.newInputStream(file)) {
            read = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IOException(file + " cannot be read: " + e.getMessage(), e);
        }
        if (read.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no PEM certificate");
        }
        return read.stream().map(X509Certificate.class::cast).toList();
    }

    private static PrivateKey privateKey(Path file, X509Certificate certificate)
            throws IOException, GeneralSecurityException {
        Matcher m = PEM.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new GeneralSecurityException(file + " holds no PEM private key");
        }
        if (!m.group(1).equals("PRIVATE KEY")) {
            throw new GeneralSecurityException(file + " holds a '" + m.group(1)
                    + "'; convert it to an unencrypted PKCS#8 key: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY8");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        String algorithm = certificate.getPublicKey().getAlgorithm();
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new GeneralSecurityException(
                    file + " is not the " + algorithm + " key of its certificate: " + e.getMessage(), e);
        }
    }

    /** Names the settings, never the key material. */
    @Override
    public String toString() {
        return "DicomTls[" + String.join(",", PROTOCOLS) + ", client certificate "
                + (requireClientCertificate ? "required" : "optional") + "]";
    }
}

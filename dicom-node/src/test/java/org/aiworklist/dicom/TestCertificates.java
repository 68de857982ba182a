package org.aiworklist.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for one test (public for routes' tests), made with openssl (keytool's JVM per call is far slower): authorities, and certificates
 * they issue for server and client use, as the PEM files a hospital's IT hands out (certificate, PKCS#8 key).
 */
public final class TestCertificates {
    public static final String LOOPBACK = "IP:127.0.0.1,DNS:localhost";
    private static final DateTimeFormatter ASN1_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    /** An authority's certificate and key, and the database `openssl ca` keeps for it. */
    public record Authority(Path certificate, Path privateKey, Path config) {}

    /** A certificate (PEM) and its private key (PKCS#8 PEM). */
    public record Identity(Path certificate, Path privateKey) {}

    private final Path dir;

    public TestCertificates(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public Authority authority(String name) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path certificate = dir.resolve(name + ".crt");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                certificate.toString(),
                "-subj",
                "/CN=" + name,
                "-days",
                "30",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        Path db = Files.createDirectories(dir.resolve(name + "-db"));
        Files.writeString(db.resolve("index.txt"), "");
        Path config = Files.writeString(dir.resolve(name + ".cnf"), """
                [ca]
                default_ca = issuer
                [issuer]
                database = %s
                new_certs_dir = %s
                rand_serial = yes
                default_md = sha256
                policy = any
                unique_subject = no
                copy_extensions = none
                [any]
                commonName = supplied
                """.formatted(db.resolve("index.txt"), db));
        return new Authority(certificate, key, config);
    }

    /**
     * A certificate for the hosts in {@code san} (e.g. "IP:127.0.0.1") valid from {@code start} for {@code days}.
     */
    public Identity issue(Authority issuer, String name, String san, Instant start, int days) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path request = dir.resolve(name + ".csr");
        openssl(
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                request.toString(),
                "-subj",
                "/CN=" + name);
        Path extensions = Files.writeString(dir.resolve(name + ".ext"), """
                subjectAltName = %s
                extendedKeyUsage = serverAuth, clientAuth
                keyUsage = critical, digitalSignature, keyEncipherment
                """.formatted(san));
        Path certificate = dir.resolve(name + ".crt");
        openssl(
                "ca",
                "-batch",
                "-notext",
                "-config",
                issuer.config().toString(),
                "-cert",
                issuer.certificate().toString(),
                "-keyfile",
                issuer.privateKey().toString(),
                "-in",
                request.toString(),
                "-out",
                certificate.toString(),
                "-extfile",
                extensions.toString(),
                "-startdate",
                ASN1_TIME.format(start),
                "-enddate",
                ASN1_TIME.format(start.plus(days, ChronoUnit.DAYS)));
        return new Identity(certificate, key);
    }

    /** For 127.0.0.1, valid since yesterday, for 30 days. */
    public Identity issue(Authority issuer, String name) throws Exception {
        return issue(issuer, name, LOOPBACK, Instant.now().minus(1, ChronoUnit.DAYS), 30);
    }

    /** For 127.0.0.1, expired: valid for one day ten days ago. */
    public Identity expired(Authority issuer, String name) throws Exception {
        return issue(issuer, name, LOOPBACK, Instant.now().minus(10, ChronoUnit.DAYS), 1);
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Dcmtk.Result r = Dcmtk.run(command);
        if (r.exitCode() != 0) {
            throw new IOException("openssl failed: " + r.output());
        }
    }
}

package org.aiworklist.dicom;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.aiworklist.common.FreePorts;

/** Debian's Orthanc on 127.0.0.1 with its own configuration and storage, as a real archive for one test. */
final class OrthancProcess implements AutoCloseable {
    static final String AE = "ORTHANC";
    private static final Path BINARY = Path.of("/usr/sbin/Orthanc");
    final int dicomPort;
    final Path log;
    private final Process process;

    /** Starts Orthanc knowing one modality (AE title at 127.0.0.1:port), which may store and ask for commitment. */
    OrthancProcess(Path folder, String modalityAe, int modalityPort) throws Exception {
        this(folder, modalityAe, modalityPort, null);
    }

    /**
     * As above with DICOM TLS on Orthanc's DICOM port, requiring a client certificate issued by an authority in
     * {@code trusted}, and reaching the modality (its Storage Commitment reports) over TLS too.
     */
    OrthancProcess(Path folder, String modalityAe, int modalityPort, TestCertificates.Identity tls, Path trusted)
            throws Exception {
        this(folder, modalityAe, modalityPort, new Tls(tls, trusted));
    }

    private record Tls(TestCertificates.Identity identity, Path trusted) {}

    private OrthancProcess(Path folder, String modalityAe, int modalityPort, Tls tls) throws Exception {
        dicomPort = FreePorts.tcp();
        Files.createDirectories(folder);
        String config = """
                {"Name": "aiworklist-dicom-node-test", "StorageDirectory": "%s", "IndexDirectory": "%s",
                 "HttpPort": %d, "DicomPort": %d, "DicomAet": "%s", "RemoteAccessAllowed": false,
                 "DicomCheckCalledAet": true, "Plugins": [], "SaveJobs": false, %s
                 "DicomModalities": {"node": {"AET": "%s", "Host": "127.0.0.1", "Port": %d, "UseDicomTls": %s}}}
                """.formatted(
                folder.resolve("storage"),
                folder.resolve("index"),
                FreePorts.tcp(),
                dicomPort,
                AE,
                tls == null
                        ? ""
                        : """
                                "DicomTlsEnabled": true, "DicomTlsCertificate": "%s", "DicomTlsPrivateKey": "%s",
                                "DicomTlsTrustedCertificates": "%s", "DicomTlsRemoteCertificateRequired": true,""".formatted(
                                tls.identity().certificate(), tls.identity().privateKey(), tls.trusted()),
                modalityAe,
                modalityPort,
                tls != null);
        Path file = Files.writeString(folder.resolve("orthanc.json"), config);
        log = folder.resolve("orthanc.log");
        process = new ProcessBuilder(BINARY.toString(), "--verbose", file.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), dicomPort), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("Orthanc did not start; see " + log);
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    RemoteApplicationEntity ae() {
        return new RemoteApplicationEntity(AE, "127.0.0.1", dicomPort);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}

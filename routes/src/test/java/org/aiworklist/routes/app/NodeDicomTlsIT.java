package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aiworklist.dicom.TestCertificates;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node configured with device.tls: dcmtk reaches it on its TLS port with a trusted certificate only. */
class NodeDicomTlsIT {
    @TempDir
    Path dir;

    private TestCertificates certificates;
    private TestCertificates.Authority hospital;
    private TestCertificates.Identity modality;
    private NodeHarness harness;

    @BeforeEach
    void nodeWithTls() throws Exception {
        certificates = new TestCertificates(dir.resolve("pki"));
        hospital = certificates.authority("hospital-ca");
        TestCertificates.Identity node = certificates.issue(hospital, "node");
        modality = certificates.issue(hospital, "modality");
        harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        harness.env.put("AIWORKLIST_DEVICE_TLS_PORT", "0");
        harness.env.put("AIWORKLIST_DEVICE_TLS_CERTIFICATE", node.certificate().toString());
        harness.env.put("AIWORKLIST_DEVICE_TLS_PRIVATEKEY", node.privateKey().toString());
        harness.env.put(
                "AIWORKLIST_DEVICE_TLS_TRUSTEDCERTIFICATES",
                hospital.certificate().toString());
    }

    @Test
    void configuredNodeServesDicomTlsAndItsTlsDestinationsUseIt() throws Exception {
        TestCertificates.Identity stranger = certificates.issue(certificates.authority("other-ca"), "stranger");
        harness.env.put("AIWORKLIST_DESTINATIONS_0_TLS", "true");
        NodeConfiguration config = ConfigurationLoader.load(harness.configFile, harness.env);
        assertNotNull(config.destinations().get(0).applicationEntity().tls(), "exports to it go over TLS");
        try (NodeApplication app = new NodeApplication(config)) {
            app.start();
            int port = app.dicomTlsPort();
            assertEquals(0, echo(port, "+tls", modality).exitCode(), "trusted modality");
            assertNotEquals(0, echo(port, "+tls", stranger).exitCode(), "certificate from another authority");
        }
    }

    /**
     * device.connection.plainPort false: nothing listens on the plain port; the TLS port serves, and a source
     * bound to its certificate subject in the YAML is accepted with that certificate only.
     */
    @Test
    void tlsOnlyNodeRefusesPlainConnectionsAndHoldsSourcesToTheirCertificateSubject() throws Exception {
        TestCertificates.Identity impostor = certificates.issue(hospital, "impostor");
        String defaults = Files.readString(harness.configFile);
        harness.configFile = Files.writeString(
                dir.resolve("aiworklist.yaml"),
                defaults.replace(
                        "\nsources: []\n",
                        "\nsources: [{aeTitle: " + NodeHarness.MODALITY_AE
                                + ", certificateSubject: 'CN=modality'}]\n"));
        int plainPort = NodeHarness.freePort();
        harness.env.put("AIWORKLIST_DEVICE_CONNECTION_PORT", Integer.toString(plainPort));
        harness.env.put("AIWORKLIST_DEVICE_CONNECTION_PLAINPORT", "false");
        try (NodeApplication app = new NodeApplication(harness.config())) {
            app.start();
            assertThrows(IllegalStateException.class, app::dicomPort, "no plain listener");
            Echo plain = echo(plainPort, null, null);
            assertNotEquals(0, plain.exitCode(), plain.output());
            assertTrue(plain.output().contains("Connection refused"), plain.output());

            int tlsPort = app.dicomTlsPort();
            Echo bound = echo(tlsPort, "+tls", modality);
            assertEquals(0, bound.exitCode(), bound.output());
            Echo other = echo(tlsPort, "+tls", impostor);
            assertNotEquals(0, other.exitCode(), other.output());
            assertTrue(other.output().contains("Calling AE Title Not Recognized"), other.output());
        }
    }

    private record Echo(int exitCode, String output) {}

    /** dcmtk's echoscu as the modality, over TLS with {@code caller}'s certificate unless {@code tls} is null. */
    private Echo echo(int port, String tls, TestCertificates.Identity caller) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("echoscu", "-aet", NodeHarness.MODALITY_AE, "-aec", "AIWORKLIST"));
        if (tls != null) {
            command.addAll(List.of(
                    tls,
                    caller.privateKey().toString(),
                    caller.certificate().toString(),
                    "+cf",
                    hospital.certificate().toString()));
        }
        command.addAll(List.of("127.0.0.1", Integer.toString(port)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("echoscu did not finish");
        }
        return new Echo(p.exitValue(), output(p));
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

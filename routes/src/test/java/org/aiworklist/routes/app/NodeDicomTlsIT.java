package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.aiworklist.dicom.TestCertificates;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node configured with device.tls: dcmtk reaches it on its TLS port with a trusted certificate only. */
class NodeDicomTlsIT {
    @TempDir
    Path dir;

    @Test
    void configuredNodeServesDicomTlsAndItsTlsDestinationsUseIt() throws Exception {
        TestCertificates certificates = new TestCertificates(dir.resolve("pki"));
        TestCertificates.Authority hospital = certificates.authority("hospital-ca");
        TestCertificates.Identity node = certificates.issue(hospital, "node");
        TestCertificates.Identity modality = certificates.issue(hospital, "modality");
        TestCertificates.Identity stranger = certificates.issue(certificates.authority("other-ca"), "stranger");
        NodeHarness harness = new NodeHarness(dir, "NOWHERE", NodeHarness.freePort());
        harness.env.put("AIWORKLIST_DEVICE_TLS_PORT", "0");
        harness.env.put("AIWORKLIST_DEVICE_TLS_CERTIFICATE", node.certificate().toString());
        harness.env.put("AIWORKLIST_DEVICE_TLS_PRIVATEKEY", node.privateKey().toString());
        harness.env.put(
                "AIWORKLIST_DEVICE_TLS_TRUSTEDCERTIFICATES",
                hospital.certificate().toString());
        harness.env.put("AIWORKLIST_DESTINATIONS_0_TLS", "true");
        NodeConfiguration config = ConfigurationLoader.load(harness.configFile, harness.env);
        assertNotNull(config.destinations().get(0).applicationEntity().tls(), "exports to it go over TLS");
        try (NodeApplication app = new NodeApplication(config)) {
            app.start();
            String port = Integer.toString(app.dicomTlsPort());
            assertEquals(0, echo(modality, hospital, port), "trusted modality");
            assertNotEquals(0, echo(stranger, hospital, port), "certificate from another authority");
        }
    }

    private static int echo(TestCertificates.Identity caller, TestCertificates.Authority trusted, String port)
            throws Exception {
        Process p = NodeHarness.dcmtk(
                "echoscu",
                "-aet",
                NodeHarness.MODALITY_AE,
                "-aec",
                "AIWORKLIST",
                "+tls",
                caller.privateKey().toString(),
                caller.certificate().toString(),
                "+cf",
                trusted.certificate().toString(),
                "127.0.0.1",
                port);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("echoscu did not finish");
        }
        return p.exitValue();
    }
}

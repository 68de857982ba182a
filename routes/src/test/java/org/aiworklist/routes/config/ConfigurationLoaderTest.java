package org.aiworklist.routes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.aiworklist.dicom.IngestLimits;
import org.aiworklist.dicom.TestCertificates;
import org.aiworklist.routes.config.NodeConfiguration.LateArrivalPolicy;
import org.aiworklist.routes.config.NodeConfiguration.MaxAgeAction;
import org.aiworklist.routes.config.NodeConfiguration.Role;
import org.aiworklist.routes.config.NodeConfiguration.SecondaryCaptureLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigurationLoaderTest {
    private static final Path DEFAULTS = Path.of("../conf/aiworklist.yaml");

    @Test
    void defaultConfigurationLoads() {
        NodeConfiguration config = ConfigurationLoader.load(DEFAULTS, Map.of());
        assertEquals("AIWORKLIST", config.device().aeTitle());
        assertEquals(11112, config.device().port());
        assertEquals("127.0.0.1", config.device().bindAddress());
        assertTrue(config.device().plainPort(), "the plain port listens unless turned off");
        assertEquals(
                "DEMOPACS",
                config.destination("pacs").orElseThrow().applicationEntity().aeTitle());
        assertEquals(1, config.rules().size());
    }

    @Test
    void brainMrExampleSendsMrHeadsToTheBrainModelAndDemoPacs() {
        NodeConfiguration config = ConfigurationLoader.load(Path.of("../conf/examples/brain-mr.yaml"), Map.of());
        NodeConfiguration.Rule rule = config.rules().get(0);
        assertEquals(
                List.of(new RuleMatch.Condition("Modality", new ValueCondition.AnyOf(List.of("MR")))),
                rule.match().conditions());
        assertEquals(List.of("invesalius-brain"), rule.models());
        NodeConfiguration.Destination pacs =
                config.destination(rule.destinations().get(0)).orElseThrow();
        assertEquals("DEMOPACS", pacs.applicationEntity().aeTitle());
        assertEquals(11113, pacs.applicationEntity().port());
        assertEquals("127.0.0.1", pacs.applicationEntity().host());
    }

    @Test
    void modelEndpointsAreLoopbackOnlyUnlessSaidOtherwise(@TempDir Path dir) throws IOException {
        NodeConfiguration.ModelEndpoints defaults =
                ConfigurationLoader.load(DEFAULTS, Map.of()).modelEndpoints();
        assertEquals(List.of("127.0.0.1", "localhost", "::1"), defaults.allowedHosts());
        assertEquals(false, defaults.allowPublicAddresses());
        Path without = dir.resolve("without.yaml");
        List<String> block = List.of(
                "modelEndpoints:", "  allowedHosts: [127.0.0.1, localhost, \"::1\"]", "  allowPublicAddresses: false");
        Files.write(
                without,
                Files.readAllLines(DEFAULTS).stream()
                        .filter(line -> !block.contains(line))
                        .toList());
        assertEquals(defaults, ConfigurationLoader.load(without, Map.of()).modelEndpoints(), "left out: the same");
        NodeConfiguration.ModelEndpoints example = ConfigurationLoader.load(
                        Path.of("../conf/examples/medgemma.yaml"), Map.of())
                .modelEndpoints();
        assertEquals(defaults, example);
        assertKeyError(
                Map.of("AIWORKLIST_MODELENDPOINTS_ALLOWPUBLICADDRESSES", "1"), "modelEndpoints.allowPublicAddresses");
    }

    @Test
    void environmentOverridesSingleKeysIncludingListItems() {
        NodeConfiguration config = ConfigurationLoader.load(
                DEFAULTS,
                Map.of(
                        "AIWORKLIST_DEVICE_CONNECTION_PORT", "104",
                        "AIWORKLIST_DESTINATIONS_0_PORT", "4242",
                        "AIWORKLIST_ASSEMBLY_QUIETPERIODSECONDS", "3",
                        "PATH", "/usr/bin"));
        assertEquals(104, config.device().port());
        assertEquals(4242, config.destinations().get(0).applicationEntity().port());
        assertEquals(3, config.assembly().quietPeriodSeconds());
    }

    @Test
    void badValuesNameTheirKey(@TempDir Path dir) throws IOException {
        assertKeyError(Map.of("AIWORKLIST_DEVICE_CONNECTION_PORT", "eleven"), "device.connection.port");
        assertKeyError(
                Map.of("AIWORKLIST_DEVICE_APPLICATIONENTITY_AETITLE", "A_TITLE_LONGER_THAN_16"),
                "device.applicationEntity.aeTitle");
        assertKeyError(Map.of("AIWORKLIST_RULES_0_DESTINATIONS_0", "nowhere"), "rules[0].destinations[0]");
        assertKeyError(Map.of("AIWORKLIST_ASSEMBLY_MAXAGEACTION", "EXPLODE"), "assembly.maxAgeAction");
        assertKeyError(Map.of("AIWORKLIST_DATABASE_JDBCURL", "h2:mem"), "database.jdbcUrl");

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(DEFAULTS).replace("uidRoot: \"2.25\"", "uidRoot: \"2.25.01\""));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigurationLoader.load(broken, Map.of()));
        assertTrue(e.getMessage().contains("device.uidRoot"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void leftOutKeysTakeTheirDefaults(@TempDir Path dir) throws IOException {
        Path minimal = dir.resolve("minimal.yaml");
        Files.writeString(minimal, """
                device: {name: n, uidRoot: "1.2", applicationEntity: {aeTitle: " NODE "}, connection: {bindAddress: h, port: 104}}
                storage: {spool: s, quarantine: q, results: r}
                database: {jdbcUrl: "jdbc:h2:mem:x"}
                http: {bindAddress: localhost, port: 8080}
                assembly: {quietPeriodSeconds: 5}
                models: {directory: m}
                destinations: [{name: d, aeTitle: D, host: h, port: 1}]
                rules: [{name: r, models: [a], requiredSeries: {}}]
                """);
        NodeConfiguration config = ConfigurationLoader.load(minimal, Map.of());
        assertEquals("NODE", config.device().aeTitle());
        assertEquals("aiworklist", config.device().manufacturer());
        assertEquals(16, config.device().associations().maxAssociations());
        assertEquals(8, config.device().associations().maxPerCaller());
        assertEquals(256L << 20, config.storage().minFreeDiskBytes());
        assertEquals(IngestLimits.DEFAULTS, config.ingest());
        assertEquals(new NodeConfiguration.Database("jdbc:h2:mem:x", "sa", ""), config.database());
        assertEquals(List.of("127.0.0.1", "localhost"), config.http().allowedHosts());
        assertEquals(
                new NodeConfiguration.Assembly(5, 240, MaxAgeAction.PROCEED, LateArrivalPolicy.RERUN),
                config.assembly());
        assertEquals(new NodeConfiguration.Export(10, 900, 48, 600, 3), config.export());
        assertEquals(
                SecondaryCaptureLayout.MULTI_FRAME, config.destinations().get(0).secondaryCapture());
        assertEquals(
                new NodeConfiguration.RequiredSeries("ANY", Double.MAX_VALUE, 1),
                config.rules().get(0).requiredSeries());
        assertEquals(List.of(), config.sources());
    }

    @Test
    void overrideOfAKeyTheFileLeavesOutApplies() {
        NodeConfiguration config = ConfigurationLoader.load(
                DEFAULTS, Map.of("AIWORKLIST_RULES_0_QUIETPERIODSECONDS", "7", "AIWORKLIST_LOG_LEVEL", "DEBUG"));
        assertEquals(7, config.rules().get(0).quietPeriodSeconds());
    }

    @Test
    void unknownKeysWrongKindsAndCrossKeyRulesNameTheirKey(@TempDir Path dir) throws IOException {
        assertKeyError(Map.of("AIWORKLIST_DEVICE_CONECTION_PORT", "104"), "device.conection");
        assertKeyError(Map.of("AIWORKLIST_INGEST_MAXINSTANCEMB", "1"), "ingest.maxHeaderKb");
        assertKeyError(Map.of("AIWORKLIST_DESTINATIONS_0_STORAGECOMMITMENT", "1"), "destinations[0].storageCommitment");
        String yaml = Files.readString(DEFAULTS);
        assertFileKeyError(dir, yaml.replace("    port: 11112", "    prot: 11112"), "device.connection.prot");
        assertFileKeyError(dir, yaml.replace("    port: 11112", "    port: 1.5"), "device.connection.port");
        assertFileKeyError(dir, yaml.replace("sources: []", "sources: [{aeTitle: A, host: ' '}]"), "sources[0].host");
        assertFileKeyError(dir, yaml.replace("    models: [demo-lung-nodule]", "    models: []"), "rules[0].models");
        assertFileKeyError(dir, yaml.replace("  corsOrigins: []", "  corsOrigins: [ftp://x]"), "http.corsOrigins[0]");
        assertFileKeyError(
                dir,
                yaml.replace("\ndestinations:\n", "\ndestinations:\n  - {name: pacs, aeTitle: B, host: h, port: 1}\n"),
                "destinations");
    }

    @Test
    void destinationsTakeEveryResultObjectUnlessTheyNameSome(@TempDir Path dir) throws IOException {
        NodeConfiguration all = ConfigurationLoader.load(DEFAULTS, Map.of());
        assertEquals(
                EnumSet.allOf(NodeConfiguration.ResultObject.class),
                all.destinations().get(0).objects());
        String yaml = Files.readString(DEFAULTS);
        Path some =
                Files.writeString(dir.resolve("some.yaml"), yaml.replace("    objects: []", "    objects: [SR, KOS]"));
        NodeConfiguration chosen = ConfigurationLoader.load(some, Map.of());
        assertEquals(
                EnumSet.of(NodeConfiguration.ResultObject.SR, NodeConfiguration.ResultObject.KOS),
                chosen.destinations().get(0).objects());
        assertFileKeyError(
                dir, yaml.replace("    objects: []", "    objects: [SR, PDF]"), "destinations[0].objects[1]");
    }

    @Test
    void dicomTlsNamesTheKeyOfAMissingOrUnusableFileAndDestinationsNeedIt(@TempDir Path dir) throws IOException {
        String yaml = Files.readString(DEFAULTS);
        assertFileKeyError(dir, yaml.replace("    tls: false", "    tls: true"), "destinations[0].tls");
        Path notACertificate = Files.writeString(dir.resolve("node.crt"), "hello");
        String withTls = yaml.replace(
                "\nstorage:\n", "  tls: {certificate: %s, privateKey: %s, trustedCertificates: %s}\n\nstorage:\n");
        assertFileKeyError(
                dir,
                withTls.formatted(dir.resolve("missing.crt"), notACertificate, notACertificate),
                "device.tls.certificate");
        assertFileKeyError(dir, withTls.formatted(notACertificate, notACertificate, notACertificate), "device.tls");
        assertFileKeyError(
                dir,
                yaml.replace("sources: []", "sources: [{aeTitle: CT1, certificateSubject: 'CN=ct1,O=Hospital'}]"),
                "sources[0].certificateSubject");
        assertFileKeyError(
                dir,
                yaml.replace("sources: []", "sources: [{aeTitle: CT1, certificateDnsName: ct1.example.org}]"),
                "sources[0].certificateDnsName");
        assertFileKeyError(
                dir,
                yaml.replace("sources: []", "sources: [{aeTitle: CT1, certificateDnsName: 'ct1 example'}]"),
                "sources[0].certificateDnsName");
        assertFileKeyError(
                dir, yaml.replace("    plainPort: true", "    plainPort: false"), "device.connection.plainPort");
    }

    @Test
    void nonLoopbackHttpWithoutTokensRefusesToStartNamingTheKey(@TempDir Path dir) throws IOException {
        assertKeyError(Map.of("AIWORKLIST_HTTP_BINDADDRESS", "0.0.0.0"), "http.bindAddress");
        String yaml = Files.readString(DEFAULTS)
                .replace(
                        "  corsOrigins: []\n",
                        "  corsOrigins: []\n  tokens: [{name: t, role: operator, sha256: %s}]\n");
        Path withToken = Files.writeString(dir.resolve("token.yaml"), yaml.formatted("ab".repeat(32)));
        NodeConfiguration config =
                ConfigurationLoader.load(withToken, Map.of("AIWORKLIST_HTTP_BINDADDRESS", "0.0.0.0"));
        assertEquals(
                NodeConfiguration.ApiRole.OPERATOR,
                config.http().tokens().get(0).role());
        assertFileKeyError(dir, yaml.formatted("not-hex"), "http.tokens[0].sha256");

        String oidc = Files.readString(DEFAULTS)
                .replace(
                        "  corsOrigins: []\n",
                        "  corsOrigins: []\n  oidc: {issuer: https://idp/realms/h, jwksUrl: %s, audience: aiworklist}\n");
        Path withOidc = Files.writeString(
                dir.resolve("oidc.yaml"), oidc.formatted("https://idp/realms/h/protocol/openid-connect/certs"));
        NodeConfiguration.Oidc provider = ConfigurationLoader.load(
                        withOidc, Map.of("AIWORKLIST_HTTP_BINDADDRESS", "0.0.0.0"))
                .http()
                .oidc();
        assertEquals(
                List.of("roles", "viewer", "operator"),
                List.of(provider.rolesClaim(), provider.viewerRole(), provider.operatorRole()));
        assertFileKeyError(dir, oidc.formatted("ldap://idp/keys"), "http.oidc.jwksUrl");
    }

    @Test
    void oidcKeysComeOverHttpsTrustingTheHospitalCaOrOverHttpFromThisMachineOnly(@TempDir Path dir) throws Exception {
        String oidc = Files.readString(DEFAULTS)
                .replace(
                        "  corsOrigins: []\n",
                        "  corsOrigins: []\n  oidc: {issuer: https://idp/realms/h, jwksUrl: %s, audience: aiworklist%s}\n");
        assertFileKeyError(dir, oidc.formatted("http://idp.example.org/keys", ""), "http.oidc.jwksUrl");
        assertNull(oidc(dir, oidc.formatted("http://127.0.0.1:8080/keys", "")).jwksTls(), "trials on this machine");

        Path ca = new TestCertificates(dir.resolve("pki"))
                .authority("hospital-ca")
                .certificate();
        String https = "https://idp.example.org/keys";
        assertNotNull(
                oidc(dir, oidc.formatted(https, ", trustedCertificates: " + ca)).jwksTls());
        assertNull(oidc(dir, oidc.formatted(https, "")).jwksTls(), "the JDK's authorities");
        String missing = ", trustedCertificates: " + dir.resolve("absent.pem");
        assertFileKeyError(dir, oidc.formatted(https, missing), "http.oidc.trustedCertificates");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate\n");
        assertFileKeyError(
                dir, oidc.formatted(https, ", trustedCertificates: " + notPem), "http.oidc.trustedCertificates");
    }

    private static NodeConfiguration.Oidc oidc(Path dir, String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("oidc.yaml"), yaml);
        return ConfigurationLoader.load(file, Map.of()).http().oidc();
    }

    @Test
    void localUsersNeedABcryptHashAndAuthenticateANonLoopbackBind(@TempDir Path dir) throws IOException {
        String yaml = Files.readString(DEFAULTS)
                .replace(
                        "  corsOrigins: []\n",
                        "  corsOrigins: []\n  users: [{name: u, role: viewer, bcrypt: 'HASH'}]\n");
        String hash = "$2y$12$" + "a".repeat(53);
        Path withUser = Files.writeString(dir.resolve("user.yaml"), yaml.replace("HASH", hash));
        NodeConfiguration config = ConfigurationLoader.load(withUser, Map.of("AIWORKLIST_HTTP_BINDADDRESS", "0.0.0.0"));
        assertEquals(hash, config.http().users().get(0).bcrypt());
        assertFileKeyError(dir, yaml.replace("HASH", "plain-text-password"), "http.users[0].bcrypt");
    }

    @Test
    void auditTrailFileDefaultsAndSyslogTransports() {
        NodeConfiguration.Audit audit =
                ConfigurationLoader.load(DEFAULTS, Map.of()).audit();
        assertEquals(Path.of("var/audit/audit.log"), audit.file());
        assertEquals(16L << 20, audit.maxFileBytes());
        assertEquals(10, audit.keptFiles());
        assertEquals(null, audit.syslog());
        NodeConfiguration.Syslog udp = ConfigurationLoader.load(
                        DEFAULTS,
                        Map.of(
                                "AIWORKLIST_AUDIT_SYSLOG_HOST", "127.0.0.1",
                                "AIWORKLIST_AUDIT_SYSLOG_PORT", "514",
                                "AIWORKLIST_AUDIT_SYSLOG_TRANSPORT", "udp"))
                .audit()
                .syslog();
        assertEquals(NodeConfiguration.SyslogTransport.UDP, udp.transport());
        assertEquals(514, udp.port());
        // TLS needs an identity: its own PEM files or device.tls's, which the defaults do not configure
        assertKeyError(
                Map.of(
                        "AIWORKLIST_AUDIT_SYSLOG_HOST", "127.0.0.1",
                        "AIWORKLIST_AUDIT_SYSLOG_PORT", "6514",
                        "AIWORKLIST_AUDIT_SYSLOG_TRANSPORT", "tls"),
                "audit.syslog");
        assertKeyError(
                Map.of(
                        "AIWORKLIST_AUDIT_SYSLOG_HOST", "127.0.0.1",
                        "AIWORKLIST_AUDIT_SYSLOG_PORT", "6514",
                        "AIWORKLIST_AUDIT_SYSLOG_TRANSPORT", "tls",
                        "AIWORKLIST_AUDIT_SYSLOG_CERTIFICATE", "/nonexistent.crt"),
                "audit.syslog");
        assertKeyError(Map.of("AIWORKLIST_AUDIT_SYSLOG_TRANSPORT", "tcp"), "audit.syslog.transport");
    }

    private static void assertFileKeyError(Path dir, String yaml, String key) throws IOException {
        Path file = Files.writeString(dir.resolve("aiworklist.yaml"), yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigurationLoader.load(file, Map.of()));
        assertTrue(e.getMessage().startsWith("configuration key '" + key + "': "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void singleBoxByDefaultAndRolesWithABrokerInTheClusterExamples() {
        NodeConfiguration single = ConfigurationLoader.load(DEFAULTS, Map.of());
        assertEquals(EnumSet.allOf(Role.class), single.roles());
        assertNull(single.broker(), "no broker: in-memory hand-offs, one process");

        NodeConfiguration ingest = ConfigurationLoader.load(Path.of("../conf/examples/cluster-ingest.yaml"), Map.of());
        assertEquals(EnumSet.of(Role.INGEST, Role.EXPORT), ingest.roles());
        assertEquals("tcp://broker.example.org:61616", ingest.broker().url());
        assertTrue(ingest.database().jdbcUrl().startsWith("jdbc:postgresql:"));

        NodeConfiguration worker = ConfigurationLoader.load(Path.of("../conf/examples/cluster-worker.yaml"), Map.of());
        assertEquals(EnumSet.of(Role.INFERENCE), worker.roles());
        assertEquals(ingest.storage().spool(), worker.storage().spool(), "one shared spool");
        assertEquals(ingest.storage().results(), worker.storage().results(), "one shared results folder");
    }

    @Test
    void rolesWithoutABrokerAreRefused(@TempDir Path dir) throws IOException {
        Path workerAlone = dir.resolve("worker.yaml");
        Files.writeString(workerAlone, Files.readString(DEFAULTS) + "\nnode:\n  roles: [inference]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigurationLoader.load(workerAlone, Map.of()));
        assertTrue(e.getMessage().contains("'node.roles'"), e.getMessage());

        assertKeyError(Map.of("AIWORKLIST_BROKER_URL", "http://broker:8161"), "broker.url");
    }

    private static void assertKeyError(Map<String, String> env, String key) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigurationLoader.load(DEFAULTS, env));
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
    }
}

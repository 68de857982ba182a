package org.aiworklist.routes.config;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import javax.net.ssl.SSLSocketFactory;
import javax.security.auth.x500.X500Principal;
import org.aiworklist.common.Priority;
import org.aiworklist.dicom.AllowedSource;
import org.aiworklist.dicom.AssociationLimits;
import org.aiworklist.dicom.DicomTls;
import org.aiworklist.dicom.IngestLimits;
import org.aiworklist.dicom.RemoteApplicationEntity;
import org.aiworklist.dicom.SopClassPolicy;
import org.aiworklist.routes.config.NodeConfiguration.LateArrivalPolicy;
import org.aiworklist.routes.config.NodeConfiguration.MaxAgeAction;
import org.aiworklist.routes.config.NodeConfiguration.ResultObject;
import org.aiworklist.routes.config.NodeConfiguration.Role;
import org.aiworklist.routes.config.NodeConfiguration.SecondaryCaptureLayout;
import org.hibernate.validator.constraints.Range;

/**
 * conf/aiworklist.yaml as written: one record per mapping, bound by Jackson, with the rules its keys follow
 * (checked by Bean Validation). A key left out is null (a list, empty), which every rule but "required" accepts;
 * once the file is valid, each record becomes its part of {@link NodeConfiguration} and fills in the defaults.
 */
record ConfigFile(
        @NotNull @Valid Device device,
        @NotNull @Valid Storage storage,
        @Valid Ingest ingest,
        @NotNull @Valid Database database,
        @NotNull @Valid Http http,
        List<@Valid Source> sources,
        List<@Valid Destination> destinations,
        @NotNull @Valid Assembly assembly,
        @Valid Export export,
        @NotNull @Valid Models models,
        @Valid ModelEndpoints modelEndpoints,
        List<@Valid Rule> rules,
        @Valid Audit audit,
        @Valid Node node,
        @Valid Broker broker) {
    /** PS3.5: 1-16 printable ASCII characters without backslash, once the spaces around them are trimmed. */
    static final String AE_TITLE = "[\\x00-\\x20]*[\\x21-\\x5b\\x5d-\\x7e][\\x20-\\x5b\\x5d-\\x7e]{0,15}[\\x00-\\x20]*";

    static final String AE_TITLE_RULE = "must be 1-16 printable ASCII characters without backslash";
    /** PS3.5: numbers without leading zeros, joined by dots. */
    static final String UID = "(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*";
    /** For keys that may be left out but, when given, must say something. */
    static final String NOT_BLANK = "(?s).*\\S.*";

    NodeConfiguration toNodeConfiguration() {
        NodeConfiguration.Device node = device.toDevice();
        DicomTls tls = node.tls() == null ? null : node.tls().context();
        List<NodeConfiguration.Destination> targets = new ArrayList<>();
        for (int i = 0; i < destinations.size(); i++) {
            targets.add(destinations.get(i).toDestination("destinations[" + i + "]", tls));
        }
        return new NodeConfiguration(
                node,
                storage.toStorage(),
                requireNonNullElse(ingest, new Ingest(null, null, null)).toLimits(),
                database.toDatabase(),
                http.toHttp(),
                IntStream.range(0, sources.size())
                        .mapToObj(i -> sources.get(i).toAllowedSource("sources[" + i + "]", tls != null))
                        .toList(),
                List.copyOf(targets),
                assembly.toAssembly(),
                requireNonNullElse(export, new Export(null, null, null, null, null))
                        .toExport(),
                Path.of(models.directory),
                requireNonNullElse(modelEndpoints, new ModelEndpoints(null, null))
                        .toModelEndpoints(),
                IntStream.range(0, rules.size())
                        .mapToObj(i -> rules.get(i).toRule("rules[" + i + "]"))
                        .toList(),
                audit == null ? null : audit.toAudit(tls),
                this.node == null ? EnumSet.allOf(Role.class) : this.node.toRoles(),
                broker == null ? null : broker.toBroker());
    }

    /** @param roles left out, every role: the single box */
    record Node(List<@NotNull Role> roles) {
        Set<Role> toRoles() {
            return roles.isEmpty() ? EnumSet.allOf(Role.class) : EnumSet.copyOf(roles);
        }
    }

    record Broker(
            @NotNull @Pattern(regexp = "(?s)(tcp|ssl)://.*", message = "must start with tcp:// or ssl://")
            String url,

            @Pattern(regexp = NOT_BLANK) String user,
            String password) {
        NodeConfiguration.Broker toBroker() {
            return new NodeConfiguration.Broker(url, user, requireNonNullElse(password, ""));
        }
    }

    /**
     * The audit trail (IHE ATNA): a local file, rotated, and optionally syslog.
     *
     * @param maxFileMb left out, 16; {@code keptFiles} left out, 10
     */
    record Audit(
            @NotBlank String file,
            @Range(min = 1, max = 1 << 16) Integer maxFileMb,
            @Range(min = 1, max = 1000) Integer keptFiles,
            @Valid Syslog syslog) {
        NodeConfiguration.Audit toAudit(DicomTls deviceTls) {
            return new NodeConfiguration.Audit(
                    Path.of(file),
                    requireNonNullElse(maxFileMb, 16) * 1024L * 1024L,
                    requireNonNullElse(keptFiles, 10),
                    syslog == null ? null : syslog.toSyslog(deviceTls));
        }
    }

    /**
     * Where audit messages are sent: an audit record repository's syslog receiver. Over TLS (RFC 5425) both sides
     * present certificates: the node uses {@code certificate}, {@code privateKey} and {@code trustedCertificates}
     * when given (all three), else {@code device.tls}'s identity and trust.
     */
    record Syslog(
            @NotBlank String host,
            @NotNull @Range(min = 1, max = 65535) Integer port,
            @NotNull NodeConfiguration.SyslogTransport transport,
            @Pattern(regexp = NOT_BLANK) String certificate,
            @Pattern(regexp = NOT_BLANK) String privateKey,
            @Pattern(regexp = NOT_BLANK) String trustedCertificates) {
        NodeConfiguration.Syslog toSyslog(DicomTls deviceTls) {
            if (transport == NodeConfiguration.SyslogTransport.UDP) {
                return new NodeConfiguration.Syslog(host, port, transport, null);
            }
            if (certificate == null && privateKey == null && trustedCertificates == null) {
                if (deviceTls == null) {
                    throw new ConfigException(
                            "audit.syslog",
                            "transport tls needs certificate, privateKey and trustedCertificates, or device.tls");
                }
                return new NodeConfiguration.Syslog(host, port, transport, deviceTls);
            }
            if (certificate == null || privateKey == null || trustedCertificates == null) {
                throw new ConfigException(
                        "audit.syslog",
                        "certificate, privateKey and trustedCertificates go together (or none: device.tls)");
            }
            Tls.requireReadable("audit.syslog.certificate", certificate);
            Tls.requireReadable("audit.syslog.privateKey", privateKey);
            Tls.requireReadable("audit.syslog.trustedCertificates", trustedCertificates);
            try {
                return new NodeConfiguration.Syslog(
                        host,
                        port,
                        transport,
                        DicomTls.fromPem(
                                Path.of(certificate), Path.of(privateKey), Path.of(trustedCertificates), true));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("audit.syslog", e.getMessage());
            }
        }
    }

    record Device(
            @NotBlank String name,
            @Pattern(regexp = NOT_BLANK) String manufacturer,

            @NotNull @Pattern(regexp = "(?=.{1,24}$)" + UID, message = "must be a UID root of at most 24 characters")
            String uidRoot,

            @NotNull @Valid ApplicationEntity applicationEntity,
            @NotNull @Valid Connection connection,
            @Valid Tls tls) {
        NodeConfiguration.Device toDevice() {
            return new NodeConfiguration.Device(
                    name,
                    requireNonNullElse(manufacturer, "aiworklist"),
                    uidRoot,
                    applicationEntity.aeTitle.trim(),
                    associationLimits(),
                    new SopClassPolicy(
                            Set.copyOf(requireNonNullElse(applicationEntity.acceptedSopClasses, List.of())),
                            Set.copyOf(requireNonNullElse(applicationEntity.refusedSopClasses, List.of()))),
                    connection.bindAddress,
                    connection.port,
                    plainPort(),
                    tls == null ? null : tls.toTls());
        }

        /** Whether the plain port listens; off only with a TLS port, so the node always has a DICOM port. */
        private boolean plainPort() {
            boolean plain = requireNonNullElse(connection.plainPort, true);
            if (!plain && tls == null) {
                throw new ConfigException(
                        "device.connection.plainPort", "false needs device.tls, else the node has no DICOM port");
            }
            return plain;
        }

        private AssociationLimits associationLimits() {
            int max = requireNonNullElse(applicationEntity.maxAssociations, 16);
            int perCaller = requireNonNullElse(
                    applicationEntity.maxAssociationsPerCaller, AssociationLimits.defaultPerCaller(max));
            if (perCaller > max) {
                throw new ConfigException(
                        "device.applicationEntity.maxAssociationsPerCaller", "must not exceed maxAssociations");
            }
            return new AssociationLimits(
                    max,
                    perCaller,
                    seconds(connection.artimTimeoutSeconds, AssociationLimits.DEFAULT_ARTIM),
                    seconds(connection.idleTimeoutSeconds, AssociationLimits.DEFAULT_IDLE));
        }

        private static Duration seconds(Integer configured, Duration otherwise) {
            return configured == null ? otherwise : Duration.ofSeconds(configured);
        }
    }

    /**
     * DICOM TLS, PEM files as hospitals' IT hand them out.
     *
     * @param port left out, 2762 (PS3.15 Annex B)
     */
    record Tls(
            @Range(min = 0, max = 65535) Integer port,
            @NotBlank String certificate,
            @NotBlank String privateKey,
            @NotBlank String trustedCertificates,
            Boolean requireClientCertificate) {
        NodeConfiguration.Tls toTls() {
            requireReadable("device.tls.certificate", certificate);
            requireReadable("device.tls.privateKey", privateKey);
            requireReadable("device.tls.trustedCertificates", trustedCertificates);
            try {
                return new NodeConfiguration.Tls(
                        requireNonNullElse(port, DicomTls.DEFAULT_PORT),
                        DicomTls.fromPem(
                                Path.of(certificate),
                                Path.of(privateKey),
                                Path.of(trustedCertificates),
                                requireNonNullElse(requireClientCertificate, true)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("device.tls", e.getMessage());
            }
        }

        static void requireReadable(String key, String file) {
            if (!Files.isReadable(Path.of(file))) {
                throw new ConfigException(key, "cannot be read: " + file);
            }
        }
    }

    record ApplicationEntity(
            @NotNull @Pattern(regexp = AE_TITLE, message = AE_TITLE_RULE)
            String aeTitle,

            @Range(min = 1, max = 1000) Integer maxAssociations,
            @Range(min = 1, max = 1000) Integer maxAssociationsPerCaller,
            List<@NotNull @Pattern(regexp = "(?=.{1,64}$)" + UID, message = "is not a UID") String> acceptedSopClasses,
            List<@NotNull @Pattern(regexp = "(?=.{1,64}$)" + UID, message = "is not a UID") String>
                    refusedSopClasses) {}

    record Connection(
            @NotBlank String bindAddress,
            @NotNull @Range(min = 0, max = 65535) Integer port,
            Boolean plainPort,
            @Range(min = 1, max = 3600) Integer artimTimeoutSeconds,
            @Range(min = 1, max = 86_400) Integer idleTimeoutSeconds) {}

    record Storage(
            @NotBlank String spool,
            @NotBlank String quarantine,
            @NotBlank String results,
            @Range(min = 0, max = Integer.MAX_VALUE) Integer minFreeDiskMb,
            @Range(min = 1, max = 1_000_000) Integer maxQueuedJobs,
            @Range(min = 0, max = 36_500) Integer retentionDays) {
        NodeConfiguration.Storage toStorage() {
            return new NodeConfiguration.Storage(
                    Path.of(spool),
                    Path.of(quarantine),
                    Path.of(results),
                    requireNonNullElse(minFreeDiskMb, 256) * 1024L * 1024L,
                    requireNonNullElse(maxQueuedJobs, 500),
                    requireNonNullElse(retentionDays, 0));
        }
    }

    record Ingest(
            @Range(min = 1, max = 1 << 20) Integer maxInstanceMb,
            @Range(min = 1, max = 1 << 20) Integer maxHeaderKb,
            @Range(min = 1, max = 1 << 20) Integer maxElementKb) {
        IngestLimits toLimits() {
            IngestLimits defaults = IngestLimits.DEFAULTS;
            long instance = maxInstanceMb == null ? defaults.maxInstanceBytes() : maxInstanceMb * 1024L * 1024L;
            long header = maxHeaderKb == null ? defaults.maxHeaderBytes() : maxHeaderKb * 1024L;
            long element = maxElementKb == null ? defaults.maxElementBytes() : maxElementKb * 1024L;
            if (header > instance) {
                throw new ConfigException("ingest.maxHeaderKb", "must not exceed maxInstanceMb");
            }
            if (element > header) {
                throw new ConfigException("ingest.maxElementKb", "must not exceed maxHeaderKb");
            }
            return new IngestLimits(instance, header, element);
        }
    }

    record Database(
            @NotNull @Pattern(regexp = "(?s)jdbc:.*", message = "must start with jdbc:")
            String jdbcUrl,

            @Pattern(regexp = NOT_BLANK) String user,
            String password) {
        NodeConfiguration.Database toDatabase() {
            return new NodeConfiguration.Database(
                    jdbcUrl, requireNonNullElse(user, "sa"), requireNonNullElse(password, ""));
        }
    }

    /** @param allowedHosts left out (null, unlike other lists), 127.0.0.1 and localhost; empty would refuse all */
    record Http(
            @NotBlank String bindAddress,
            @NotNull @Range(min = 0, max = 65535) Integer port,

            @JsonSetter(nulls = Nulls.SET) @Size(min = 1, message = "must name at least one host")
            List<@NotBlank String> allowedHosts,

            List<
                            @NotNull
                            @Pattern(
                                    regexp = "https?://[^/\\s]+",
                                    message = "must be an origin such as https://viewer.example.org")
                            String>
                    corsOrigins,
            List<@Valid Token> tokens,
            List<@Valid User> users,
            @Valid HttpTls tls,
            @Valid Oidc oidc) {
        NodeConfiguration.Http toHttp() {
            if (tokens.isEmpty() && users.isEmpty() && oidc == null && !isLoopback(bindAddress)) {
                throw new ConfigException(
                        "http.bindAddress",
                        "is not a loopback address and http.tokens, http.users and http.oidc are empty: the API would"
                                + " be open to the network without authentication (add http.tokens, http.users or"
                                + " http.oidc, or bind to 127.0.0.1), got '" + bindAddress + "'");
            }
            return new NodeConfiguration.Http(
                    bindAddress,
                    port,
                    requireNonNullElse(allowedHosts, List.of("127.0.0.1", "localhost")).stream()
                            .map(host -> host.toLowerCase(Locale.ROOT))
                            .toList(),
                    List.copyOf(corsOrigins),
                    tokens.stream().map(Token::toApiToken).toList(),
                    users.stream().map(User::toLocalUser).toList(),
                    tls == null ? null : tls.toHttpsIdentity(),
                    oidc == null ? null : oidc.toOidc());
        }

        static boolean isLoopback(String address) {
            try {
                return InetAddress.getByName(address).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    /** @param sha256 the token's SHA-256 in hex (`printf %s TOKEN | sha256sum`); the token itself is never stored */
    record Token(
            @NotBlank String name,
            @NotNull NodeConfiguration.ApiRole role,

            @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a SHA-256 in 64 hex digits")
            String sha256) {
        NodeConfiguration.ApiToken toApiToken() {
            return new NodeConfiguration.ApiToken(name, role, sha256.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * OIDC bearer tokens from the hospital's identity provider.
     *
     * @param rolesClaim left out, "roles"; {@code viewerRole} and {@code operatorRole} left out, "viewer", "operator"
     * @param trustedCertificates PEM authorities trusted (alone) for the JWKS fetch; left out, the JDK's
     */
    record Oidc(
            @NotBlank String issuer,

            @NotNull @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL of the provider's JWKS")
            String jwksUrl,

            @NotBlank String audience,
            @Pattern(regexp = NOT_BLANK) String rolesClaim,
            @Pattern(regexp = NOT_BLANK) String viewerRole,
            @Pattern(regexp = NOT_BLANK) String operatorRole,
            @Pattern(regexp = NOT_BLANK) String trustedCertificates) {
        NodeConfiguration.Oidc toOidc() {
            URL keys;
            try {
                keys = URI.create(jwksUrl).toURL();
            } catch (IllegalArgumentException | MalformedURLException e) {
                throw new ConfigException("http.oidc.jwksUrl", "is not a URL: " + e.getMessage());
            }
            if (keys.getProtocol().equals("http") && !Http.isLoopback(keys.getHost())) {
                throw new ConfigException(
                        "http.oidc.jwksUrl",
                        "must be https:// unless on this machine (keys fetched in clear text can be swapped on the"
                                + " wire, and then any token verifies), got '" + jwksUrl + "'");
            }
            return new NodeConfiguration.Oidc(
                    issuer,
                    keys,
                    audience,
                    requireNonNullElse(rolesClaim, "roles"),
                    requireNonNullElse(viewerRole, "viewer"),
                    requireNonNullElse(operatorRole, "operator"),
                    trustedCertificates == null ? null : jwksTls());
        }

        private SSLSocketFactory jwksTls() {
            Tls.requireReadable("http.oidc.trustedCertificates", trustedCertificates);
            try {
                return DicomTls.clientTrusting(Path.of(trustedCertificates));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("http.oidc.trustedCertificates", e.getMessage());
            }
        }
    }

    /** HTTPS for the page and the API: the node's certificate (PEM, then intermediates) and its PKCS#8 key. */
    record HttpTls(@NotBlank String certificate, @NotBlank String privateKey) {
        NodeConfiguration.HttpsIdentity toHttpsIdentity() {
            Tls.requireReadable("http.tls.certificate", certificate);
            Tls.requireReadable("http.tls.privateKey", privateKey);
            try {
                char[] password = NodeConfiguration.HttpsIdentity.PASSWORD.toCharArray();
                return new NodeConfiguration.HttpsIdentity(
                        DicomTls.identity(Path.of(certificate), Path.of(privateKey), password));
            } catch (java.security.GeneralSecurityException | java.io.IOException e) {
                throw new ConfigException("http.tls", "TLS set-up failed: " + e.getMessage());
            }
        }
    }

    /**
     * A person who logs in to the worklist page.
     *
     * @param bcrypt the password's bcrypt hash ({@code htpasswd -nbBC 12 NAME PASSWORD}, the part after the colon);
     *               the password itself is never stored
     */
    record User(
            @NotBlank String name,
            @NotNull NodeConfiguration.ApiRole role,

            @NotNull
            @Pattern(
                    regexp = "\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}",
                    message = "must be a bcrypt hash ($2y$12$...)")
            String bcrypt) {
        NodeConfiguration.LocalUser toLocalUser() {
            return new NodeConfiguration.LocalUser(name, role, bcrypt);
        }
    }

    /** @param host the address a caller must come from; left out, any */
    record Source(
            @NotNull @Pattern(regexp = AE_TITLE, message = AE_TITLE_RULE)
            String aeTitle,

            @Pattern(regexp = NOT_BLANK) String host,
            @Pattern(regexp = NOT_BLANK) String certificateSubject,

            @Pattern(regexp = "[A-Za-z0-9.-]{1,253}", message = "must be a DNS name such as ct1.radiology.example.org")
            String certificateDnsName) {
        /** @param deviceTls whether the node has a DICOM TLS port, the only way in for a source bound to a certificate */
        AllowedSource toAllowedSource(String key, boolean deviceTls) {
            if (certificateSubject == null && certificateDnsName == null) {
                return new AllowedSource(aeTitle.trim(), host);
            }
            if (!deviceTls) {
                String bound = certificateSubject != null ? ".certificateSubject" : ".certificateDnsName";
                throw new ConfigException(key + bound, "needs device.tls (it can only come in over TLS)");
            }
            return new AllowedSource(aeTitle.trim(), host, subject(key), certificateDnsName);
        }

        private X500Principal subject(String key) {
            try {
                return certificateSubject == null ? null : new X500Principal(certificateSubject);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        key + ".certificateSubject",
                        "is not an RFC 2253 name (e.g. CN=ct1,O=Hospital): " + e.getMessage());
            }
        }
    }

    record Destination(
            @NotBlank String name,

            @NotNull @Pattern(regexp = AE_TITLE, message = AE_TITLE_RULE)
            String aeTitle,

            @NotBlank String host,
            @NotNull @Range(min = 1, max = 65535) Integer port,
            SecondaryCaptureLayout secondaryCapture,
            Boolean storageCommitment,
            List<@NotNull ResultObject> objects,
            Boolean tls) {
        /** @param deviceTls the node's DICOM TLS, used when this destination asks for TLS */
        NodeConfiguration.Destination toDestination(String key, DicomTls deviceTls) {
            boolean secure = requireNonNullElse(tls, false);
            if (secure && deviceTls == null) {
                throw new ConfigException(
                        key + ".tls", "needs device.tls (the node's certificate and the certificates it trusts)");
            }
            return new NodeConfiguration.Destination(
                    name,
                    new RemoteApplicationEntity(aeTitle.trim(), host, port, secure ? deviceTls : null),
                    requireNonNullElse(secondaryCapture, SecondaryCaptureLayout.MULTI_FRAME),
                    requireNonNullElse(storageCommitment, false),
                    objects.isEmpty() ? EnumSet.allOf(ResultObject.class) : EnumSet.copyOf(objects));
        }
    }

    record Assembly(
            @NotNull @Range(min = 0, max = 86_400) Integer quietPeriodSeconds,
            @Range(min = 1, max = 100_000) Integer maxAgeMinutes,
            MaxAgeAction maxAgeAction,
            LateArrivalPolicy lateArrivals) {
        NodeConfiguration.Assembly toAssembly() {
            return new NodeConfiguration.Assembly(
                    quietPeriodSeconds,
                    requireNonNullElse(maxAgeMinutes, 240),
                    requireNonNullElse(maxAgeAction, MaxAgeAction.PROCEED),
                    requireNonNullElse(lateArrivals, LateArrivalPolicy.RERUN));
        }
    }

    record Export(
            @Range(min = 1, max = 86_400) Integer initialRetrySeconds,
            @Range(min = 1, max = 86_400) Integer maxRetrySeconds,
            @Range(min = 1, max = 24 * 365) Integer giveUpAfterHours,
            @Range(min = 1, max = 7 * 86_400) Integer storageCommitmentTimeoutSeconds,
            @Range(min = 0, max = 100) Integer storageCommitmentRetries) {
        NodeConfiguration.Export toExport() {
            return new NodeConfiguration.Export(
                    requireNonNullElse(initialRetrySeconds, 10),
                    requireNonNullElse(maxRetrySeconds, 900),
                    requireNonNullElse(giveUpAfterHours, 48),
                    requireNonNullElse(storageCommitmentTimeoutSeconds, 600),
                    requireNonNullElse(storageCommitmentRetries, 3));
        }
    }

    record Models(@NotBlank String directory) {}

    /** @param allowedHosts left out (null, unlike other lists), the loopback names; empty would refuse all */
    record ModelEndpoints(
            @JsonSetter(nulls = Nulls.SET) @Size(min = 1, message = "must name at least one host")
            List<@NotBlank String> allowedHosts,

            Boolean allowPublicAddresses) {
        NodeConfiguration.ModelEndpoints toModelEndpoints() {
            return new NodeConfiguration.ModelEndpoints(
                    requireNonNullElse(allowedHosts, List.of("127.0.0.1", "localhost", "::1")).stream()
                            .map(host -> host.toLowerCase(Locale.ROOT))
                            .toList(),
                    requireNonNullElse(allowPublicAddresses, false));
        }
    }

    /**
     * @param match              attribute keyword (or callingAeTitle) to condition, read by {@link RuleMatchReader};
     *                           left out, every series
     * @param quietPeriodSeconds left out, the assembly's
     * @param priority           left out, ROUTINE
     */
    record Rule(
            @NotBlank String name,
            Map<String, JsonNode> match,
            @Valid RequiredSeries requiredSeries,
            @Range(min = 0, max = 86_400) Integer quietPeriodSeconds,

            @NotEmpty(message = "must name at least one model")
            List<@NotBlank String> models,

            List<@NotBlank String> destinations,
            Priority priority) {
        NodeConfiguration.Rule toRule(String key) {
            return new NodeConfiguration.Rule(
                    name,
                    match == null ? RuleMatch.any() : RuleMatchReader.read(key + ".match", name, match),
                    requiredSeries == null ? null : requiredSeries.toRequiredSeries(),
                    quietPeriodSeconds,
                    List.copyOf(models),
                    List.copyOf(destinations),
                    requireNonNullElse(priority, Priority.ROUTINE));
        }
    }

    enum Orientation {
        ANY,
        AXIAL,
        CORONAL,
        SAGITTAL
    }

    /** @param maxSliceThicknessMm left out, any thickness */
    record RequiredSeries(
            Orientation orientation,

            @DecimalMin(value = "0.01", message = "must be between 0.01 and 1000")
            @DecimalMax(value = "1000", message = "must be between 0.01 and 1000")
            Double maxSliceThicknessMm,

            @Range(min = 1, max = 100_000) Integer minSlices) {
        NodeConfiguration.RequiredSeries toRequiredSeries() {
            return new NodeConfiguration.RequiredSeries(
                    requireNonNullElse(orientation, Orientation.ANY).name(),
                    requireNonNullElse(maxSliceThicknessMm, Double.MAX_VALUE),
                    requireNonNullElse(minSlices, 1));
        }
    }
}

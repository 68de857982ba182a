package org.aiworklist.routes.config;

import java.net.URL;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;
import org.aiworklist.common.Priority;
import org.aiworklist.dicom.AllowedSource;
import org.aiworklist.dicom.AssociationLimits;
import org.aiworklist.dicom.DicomTls;
import org.aiworklist.dicom.IngestLimits;
import org.aiworklist.dicom.RemoteApplicationEntity;
import org.aiworklist.dicom.SopClassPolicy;

/**
 * The node's whole configuration, validated: one device, its sources, destinations, models and rules.
 *
 * @param roles  what this process does; every role (the default) is the single box
 * @param broker where stages hand work to other processes; null (the default): in-memory queues, one process
 */
public record NodeConfiguration(
        Device device,
        Storage storage,
        IngestLimits ingest,
        Database database,
        Http http,
        List<AllowedSource> sources,
        List<Destination> destinations,
        Assembly assembly,
        Export export,
        Path modelsDirectory,
        ModelEndpoints modelEndpoints,
        List<Rule> rules,
        Audit audit,
        Set<Role> roles,
        Broker broker) {

    public NodeConfiguration {
        if (broker == null && !roles.containsAll(EnumSet.allOf(Role.class))) {
            throw new ConfigException(
                    "node.roles", "a node without every role hands work on through a broker: needs broker");
        }
    }

    /** What a node process does: receive and assemble studies, run models, send results. */
    public enum Role {
        INGEST,
        INFERENCE,
        EXPORT
    }

    /** An Apache ActiveMQ Artemis broker (or cluster) the nodes share; user null when it needs no login. */
    public record Broker(String url, String user, String password) {}

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * The audit trail: a rotated local file and, optionally, syslog. Null in {@link NodeConfiguration}: no audit
     * trail.
     */
    public record Audit(Path file, long maxFileBytes, int keptFiles, Syslog syslog) {}

    /**
     * The syslog receiver of the audit trail.
     *
     * @param tls the node's identity and the receiver's trust; null over UDP
     */
    public record Syslog(String host, int port, SyslogTransport transport, DicomTls tls) {}

    public enum SyslogTransport {
        TLS,
        UDP
    }

    /**
     * The node as a DICOM device: one application entity on one connection (PS3.15 Annex H).
     *
     * @param associations how many associations, per caller, and the ARTIM and idle timeouts
     * @param sopClasses   SOP classes the Storage SCP accepts; by default every storage class and Verification
     * @param tls          DICOM TLS beside the plain port; null when not configured
     */
    public record Device(
            String name,
            String manufacturer,
            String uidRoot,
            String aeTitle,
            AssociationLimits associations,
            SopClassPolicy sopClasses,
            String bindAddress,
            int port,
            boolean plainPort,
            Tls tls) {}

    /** The DICOM TLS port and the node's TLS identity and trust, also used by destinations with TLS. */
    public record Tls(int port, DicomTls context) {}

    /**
     * Where received instances, quarantined input and results are kept, and the limits that protect the disk.
     *
     * @param minFreeDiskBytes below this free space every C-STORE gets A700 (out of resources)
     * @param maxQueuedJobs    with this many jobs waiting for inference, C-STOREs get A700 until the queue drains
     * @param retentionDays    received instances and results of studies whose jobs are all DONE are removed after
     *                         this many days; 0 keeps them
     */
    public record Storage(
            Path spool, Path quarantine, Path results, long minFreeDiskBytes, int maxQueuedJobs, int retentionDays) {}

    public record Database(String jdbcUrl, String user, String password) {}

    /**
     * The REST API's HTTP listener and who may reach it.
     *
     * @param allowedHosts host names (Host header, without port) the API answers; anything else is refused, which
     *                     stops DNS rebinding
     * @param corsOrigins  origins (scheme://host[:port]) given cross-origin access; empty gives none
     * @param tokens       API tokens; none (and no users) leaves the API unauthenticated, which only a loopback bind
     *                     allows
     * @param users        people who log in to the page (session cookie)
     * @param https        null: plain HTTP
     */
    public record Http(
            String bindAddress,
            int port,
            List<String> allowedHosts,
            List<String> corsOrigins,
            List<ApiToken> tokens,
            List<LocalUser> users,
            HttpsIdentity https,
            Oidc oidc) {}

    /**
     * OIDC bearer tokens (JWT) from the hospital's identity provider, checked against its JWKS.
     *
     * @param rolesClaim   a top-level claim, or a dotted path into nested ones (Keycloak: realm_access.roles)
     * @param viewerRole   the role value that makes the caller a viewer; {@code operatorRole} an operator
     * @param jwksTls      TLS for an https:// JWKS trusting only the hospital's authorities; null, the JDK's
     */
    public record Oidc(
            String issuer,
            URL jwksUrl,
            String audience,
            String rolesClaim,
            String viewerRole,
            String operatorRole,
            SSLSocketFactory jwksTls) {}

    /**
     * The HTTPS listener's certificate and key, in memory (alias "node").
     *
     * @param keyStore its key protected by {@link #PASSWORD}, which protects nothing: the store never leaves memory
     */
    public record HttpsIdentity(java.security.KeyStore keyStore) {
        public static final String PASSWORD = "in-memory";
    }

    /**
     * A local user of the worklist page, known by the bcrypt hash of the password.
     *
     * @param bcrypt modular crypt format, $2a$, $2b$ or $2y$
     */
    public record LocalUser(String name, ApiRole role, String bcrypt) {}

    /** What an API caller may do: viewers read, operators also act (resend, complete). */
    public enum ApiRole {
        VIEWER,
        OPERATOR
    }

    /**
     * An API token for automation, known only by its SHA-256 (a token is random, so a fast hash suffices).
     *
     * @param sha256 64 hex digits
     */
    public record ApiToken(String name, ApiRole role, String sha256) {}

    public enum SecondaryCaptureLayout {
        MULTI_FRAME,
        SINGLE_FRAME
    }

    /** The kinds of result object a job makes; a destination is sent the kinds it takes. */
    public enum ResultObject {
        SR,
        SC,
        GSPS,
        KOS,
        SEG
    }

    /**
     * A DICOM destination results are sent to.
     *
     * @param storageCommitment ask the destination to commit to what it was sent (Storage Commitment Push Model)
     * @param objects           the result objects it is sent (some PACS reject or mis-display some classes)
     */
    public record Destination(
            String name,
            RemoteApplicationEntity applicationEntity,
            SecondaryCaptureLayout secondaryCapture,
            boolean storageCommitment,
            Set<ResultObject> objects) {
        public boolean takes(ResultObject object) {
            return objects.contains(object);
        }
    }

    public enum MaxAgeAction {
        PROCEED,
        DISCARD
    }

    public enum LateArrivalPolicy {
        IGNORE,
        RERUN
    }

    public record Assembly(
            int quietPeriodSeconds, int maxAgeMinutes, MaxAgeAction maxAgeAction, LateArrivalPolicy lateArrivals) {}

    /**
     * Persistent retry of result delivery: exponential backoff from the initial delay up to the maximum, with
     * jitter; a delivery still failing after giveUpAfterHours goes to the dead letters. A Storage Commitment request
     * without a report after storageCommitmentTimeoutSeconds is made again; after storageCommitmentRetries such
     * retries (or resends for failures the archive reported) the delivery is a dead letter.
     */
    public record Export(
            int initialRetrySeconds,
            int maxRetrySeconds,
            int giveUpAfterHours,
            int storageCommitmentTimeoutSeconds,
            int storageCommitmentRetries) {}

    /**
     * Where model endpoints (generative-report models) may be: a study's pixels are sent only to an allowed host, and
     * to a public address only when that is explicitly allowed.
     *
     * @param allowedHosts host names or addresses as written in endpoint URLs; by default the loopback ones
     */
    public record ModelEndpoints(List<String> allowedHosts, boolean allowPublicAddresses) {}

    /** A series the rule needs before a study counts as complete, e.g. axial CT, thin slices, enough of them. */
    public record RequiredSeries(String orientation, double maxSliceThicknessMm, int minSlices) {}

    /**
     * "match -> models -> destinations".
     *
     * @param match    what a series must be for the rule to take it
     * @param priority of the rule's jobs, until a triage classifier raises it
     */
    public record Rule(
            String name,
            RuleMatch match,
            RequiredSeries requiredSeries,
            Integer quietPeriodSeconds,
            List<String> models,
            List<String> destinations,
            Priority priority) {
        public int quietPeriodSeconds(Assembly defaults) {
            return quietPeriodSeconds != null ? quietPeriodSeconds : defaults.quietPeriodSeconds();
        }
    }

    public Optional<Destination> destination(String name) {
        return destinations.stream().filter(d -> d.name().equals(name)).findFirst();
    }
}

package org.aiworklist.routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.aiworklist.common.UidRoot;
import org.aiworklist.dicom.AllowedSource;
import org.aiworklist.dicom.IngestLimits;
import org.aiworklist.dicom.RemoteApplicationEntity;
import org.aiworklist.routes.config.NodeConfiguration.Assembly;
import org.aiworklist.routes.config.NodeConfiguration.Database;
import org.aiworklist.routes.config.NodeConfiguration.Destination;
import org.aiworklist.routes.config.NodeConfiguration.Device;
import org.aiworklist.routes.config.NodeConfiguration.Http;
import org.aiworklist.routes.config.NodeConfiguration.LateArrivalPolicy;
import org.aiworklist.routes.config.NodeConfiguration.MaxAgeAction;
import org.aiworklist.routes.config.NodeConfiguration.RequiredSeries;
import org.aiworklist.routes.config.NodeConfiguration.Rule;
import org.aiworklist.routes.config.NodeConfiguration.SecondaryCaptureLayout;
import org.aiworklist.routes.config.NodeConfiguration.Storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads conf/aiworklist.yaml (or --config FILE), applies AIWORKLIST_* overrides and validates every key. */
public final class ConfigurationLoader {

    private ConfigurationLoader() {
    }

    public static NodeConfiguration load(Path file, Map<String, String> environment) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot be read: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof ObjectNode)) {
            throw new ConfigException(file.toString(), "must be a YAML mapping");
        }
        EnvironmentOverrides.apply(root, environment);
        return read(new ConfigNode(root, ""));
    }

    private static NodeConfiguration read(ConfigNode root) {
        Device device = device(root.child("device"));
        List<Destination> destinations = root.list("destinations", ConfigurationLoader::destination);
        requireUnique(destinations.stream().map(Destination::name).toList(), "destinations");
        Set<String> destinationNames = new HashSet<>(destinations.stream().map(Destination::name).toList());
        List<Rule> rules = root.list("rules", rule -> rule(rule, destinationNames));
        requireUnique(rules.stream().map(Rule::name).toList(), "rules");
        ConfigNode models = root.child("models");
        return new NodeConfiguration(device, storage(root.child("storage")), ingest(root),
                database(root.child("database")),
                http(root.child("http")), root.list("sources", ConfigurationLoader::source), destinations,
                assembly(root.child("assembly")), export(root), Path.of(models.text("directory")), rules);
    }

    private static Device device(ConfigNode node) {
        String uidRoot = node.text("uidRoot");
        if (!UidRoot.isUid(uidRoot) || uidRoot.length() > 24) { // room for all 39 digits of a random UUID
            throw new ConfigException(node.key("uidRoot"), "must be a UID root of at most 24 characters, got '" + uidRoot + "'");
        }
        ConfigNode ae = node.child("applicationEntity");
        ConfigNode connection = node.child("connection");
        return new Device(node.text("name"), node.text("manufacturer", "aiworklist"), uidRoot,
                aeTitle(ae, "aeTitle"), ae.integer("maxAssociations", 1, 1000, 16), sopClasses(ae),
                connection.text("bindAddress"), connection.integer("port", 0, 65535));
    }

    private static Set<String> sopClasses(ConfigNode ae) {
        List<String> uids = ae.texts("acceptedSopClasses");
        for (int i = 0; i < uids.size(); i++) {
            if (!UidRoot.isUid(uids.get(i))) {
                throw new ConfigException(ae.key("acceptedSopClasses") + "[" + i + "]", "is not a UID: '" + uids.get(i) + "'");
            }
        }
        return Set.copyOf(uids);
    }

    private static Storage storage(ConfigNode node) {
        return new Storage(Path.of(node.text("spool")), Path.of(node.text("quarantine")), Path.of(node.text("results")),
                node.integer("minFreeDiskMb", 0, Integer.MAX_VALUE, 256) * 1024L * 1024L,
                node.integer("maxQueuedJobs", 1, 1_000_000, 500), node.integer("retentionDays", 0, 36_500, 0));
    }

    private static IngestLimits ingest(ConfigNode root) {
        if (!root.has("ingest")) {
            return IngestLimits.DEFAULTS;
        }
        ConfigNode node = root.child("ingest");
        IngestLimits d = IngestLimits.DEFAULTS;
        long instance = node.integer("maxInstanceMb", 1, 1 << 20, (int) (d.maxInstanceBytes() >> 20)) * 1024L * 1024L;
        long header = node.integer("maxHeaderKb", 1, 1 << 20, (int) (d.maxHeaderBytes() >> 10)) * 1024L;
        long element = node.integer("maxElementKb", 1, 1 << 20, (int) (d.maxElementBytes() >> 10)) * 1024L;
        if (header > instance) {
            throw new ConfigException(node.key("maxHeaderKb"), "must not exceed maxInstanceMb");
        }
        if (element > header) {
            throw new ConfigException(node.key("maxElementKb"), "must not exceed maxHeaderKb");
        }
        return new IngestLimits(instance, header, element);
    }

    private static Database database(ConfigNode node) {
        String url = node.text("jdbcUrl");
        if (!url.startsWith("jdbc:")) {
            throw new ConfigException(node.key("jdbcUrl"), "must start with jdbc:, got '" + url + "'");
        }
        return new Database(url, node.text("user", "sa"), node.textOrEmpty("password"));
    }

    private static Http http(ConfigNode node) {
        List<String> hosts = node.has("allowedHosts") ? node.texts("allowedHosts") : List.of("127.0.0.1", "localhost");
        if (hosts.isEmpty()) {
            throw new ConfigException(node.key("allowedHosts"), "must name at least one host");
        }
        List<String> origins = node.texts("corsOrigins");
        for (int i = 0; i < origins.size(); i++) {
            if (!origins.get(i).matches("https?://[^/\\s]+")) {
                throw new ConfigException(node.key("corsOrigins") + "[" + i + "]",
                        "must be an origin such as https://viewer.example.org, got '" + origins.get(i) + "'");
            }
        }
        return new Http(node.text("bindAddress"), node.integer("port", 0, 65535),
                hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList(), origins);
    }

    private static AllowedSource source(ConfigNode node) {
        return new AllowedSource(aeTitle(node, "aeTitle"), node.text("host", null));
    }

    private static Destination destination(ConfigNode node) {
        return new Destination(node.text("name"),
                new RemoteApplicationEntity(aeTitle(node, "aeTitle"), node.text("host"), node.integer("port", 1, 65535)),
                node.enumValue("secondaryCapture", SecondaryCaptureLayout.class, SecondaryCaptureLayout.MULTI_FRAME),
                node.bool("storageCommitment", false));
    }

    private static Assembly assembly(ConfigNode node) {
        return new Assembly(node.integer("quietPeriodSeconds", 0, 86_400),
                node.integer("maxAgeMinutes", 1, 100_000, 240),
                node.enumValue("maxAgeAction", MaxAgeAction.class, MaxAgeAction.PROCEED),
                node.enumValue("lateArrivals", LateArrivalPolicy.class, LateArrivalPolicy.RERUN));
    }

    private static NodeConfiguration.Export export(ConfigNode root) {
        if (!root.has("export")) {
            return new NodeConfiguration.Export(10, 900, 48, 600, 3);
        }
        ConfigNode node = root.child("export");
        return new NodeConfiguration.Export(node.integer("initialRetrySeconds", 1, 86_400, 10),
                node.integer("maxRetrySeconds", 1, 86_400, 900), node.integer("giveUpAfterHours", 1, 24 * 365, 48),
                node.integer("storageCommitmentTimeoutSeconds", 1, 7 * 86_400, 600),
                node.integer("storageCommitmentRetries", 0, 100, 3));
    }

    private static Rule rule(ConfigNode node, Set<String> destinationNames) {
        RequiredSeries required = null;
        if (node.has("requiredSeries")) {
            ConfigNode r = node.child("requiredSeries");
            required = new RequiredSeries(r.text("orientation", "ANY").toUpperCase(),
                    r.has("maxSliceThicknessMm") ? r.number("maxSliceThicknessMm", 0.01, 1000) : Double.MAX_VALUE,
                    r.integer("minSlices", 1, 100_000, 1));
            if (!Set.of("ANY", "AXIAL", "CORONAL", "SAGITTAL").contains(required.orientation())) {
                throw new ConfigException(r.key("orientation"), "must be AXIAL, CORONAL, SAGITTAL or ANY");
            }
        }
        List<String> models = node.texts("models");
        if (models.isEmpty()) {
            throw new ConfigException(node.key("models"), "must name at least one model");
        }
        List<String> destinations = node.texts("destinations");
        for (int i = 0; i < destinations.size(); i++) {
            if (!destinationNames.contains(destinations.get(i))) {
                throw new ConfigException(node.key("destinations") + "[" + i + "]",
                        "names no configured destination: '" + destinations.get(i) + "'");
            }
        }
        String modality = node.has("match") ? node.child("match").text("modality", null) : null;
        Integer quiet = node.has("quietPeriodSeconds") ? node.integer("quietPeriodSeconds", 0, 86_400) : null;
        return new Rule(node.text("name"), modality, required, quiet, models, destinations);
    }

    /** PS3.5: an AE title is 1-16 characters of the default repertoire without backslash or control characters. */
    private static String aeTitle(ConfigNode node, String name) {
        String ae = node.text(name).trim();
        if (ae.length() > 16 || !ae.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\')) {
            throw new ConfigException(node.key(name), "must be 1-16 printable ASCII characters without backslash, got '" + ae + "'");
        }
        return ae;
    }

    private static void requireUnique(List<String> names, String key) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new ConfigException(key, "name '" + n + "' is used twice");
            }
        }
    }
}

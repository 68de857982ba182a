package org.aiworklist.routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies AIWORKLIST_* environment variables to single keys: AIWORKLIST_DEVICE_CONNECTION_PORT sets
 * device.connection.port; list items are addressed by index (AIWORKLIST_DESTINATIONS_0_PORT). Written by hand
 * because Jackson reads no environment; it edits the YAML tree before binding, so an override is checked exactly
 * like the file.
 */
final class EnvironmentOverrides {
    static final String PREFIX = "AIWORKLIST_";
    /** Read by logback.xml, not a configuration key. */
    private static final String LOG_LEVEL = "AIWORKLIST_LOG_LEVEL";

    private EnvironmentOverrides() {}

    static void apply(JsonNode root, Map<String, String> environment) {
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !name.equals(LOG_LEVEL)) {
                set(root, List.of(name.substring(PREFIX.length()).split("_")), value, name);
            }
        });
    }

    /** Sets the key that the segments name below parent, adding mappings on the way but never list items. */
    private static void set(JsonNode parent, List<String> segments, String value, String variable) {
        List<String> rest = segments.subList(1, segments.size());
        if (parent instanceof ArrayNode list) {
            int index = index(segments.get(0), list, variable);
            if (rest.isEmpty()) {
                list.set(index, TextNode.valueOf(value));
            } else {
                set(list.get(index), rest, value, variable);
            }
        } else if (parent instanceof ObjectNode mapping) {
            String field = field(mapping, segments.get(0));
            if (rest.isEmpty()) {
                mapping.put(field, value);
            } else {
                set(mapping.has(field) ? mapping.get(field) : mapping.putObject(field), rest, value, variable);
            }
        } else {
            throw new ConfigException(variable, "does not name a configuration key");
        }
    }

    private static int index(String segment, ArrayNode list, String variable) {
        if (segment.matches("[0-9]{1,9}") && Integer.parseInt(segment) < list.size()) {
            return Integer.parseInt(segment);
        }
        throw new ConfigException(variable, "list index '" + segment + "' out of range 0.." + (list.size() - 1));
    }

    /**
     * The file's key whatever its case, since environment names carry no camelCase; a key the file leaves out is
     * added in lower case, which binds because keys match case-insensitively.
     */
    private static String field(ObjectNode mapping, String segment) {
        return mapping.properties().stream()
                .map(Map.Entry::getKey)
                .filter(segment::equalsIgnoreCase)
                .findFirst()
                .orElse(segment.toLowerCase(Locale.ROOT));
    }
}

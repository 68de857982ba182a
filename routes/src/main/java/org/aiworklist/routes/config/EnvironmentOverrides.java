package org.aiworklist.routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Applies AIWORKLIST_* environment variables to single keys: AIWORKLIST_DEVICE_CONNECTION_PORT sets
 * device.connection.port; list items are addressed by index (AIWORKLIST_DESTINATIONS_0_PORT). Keys match
 * case-insensitively because environment names cannot carry camelCase. Written by hand because Jackson reads no
 * environment; it works on the YAML tree before binding, so an override is checked exactly like the file.
 */
final class EnvironmentOverrides {
    static final String PREFIX = "AIWORKLIST_";
    /** Read by logback.xml, not a configuration key. */
    private static final String LOG_LEVEL = "AIWORKLIST_LOG_LEVEL";

    private EnvironmentOverrides() {
    }

    static void apply(JsonNode root, Map<String, String> environment) {
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && !name.equals(LOG_LEVEL)) {
                set(root, name.substring(PREFIX.length()).split("_"), value, name);
            }
        });
    }

    private static void set(JsonNode root, String[] segments, String value, String variable) {
        JsonNode parent = root;
        for (int i = 0; i < segments.length; i++) {
            boolean last = i == segments.length - 1;
            if (parent instanceof ArrayNode array) {
                int index = parseIndex(segments[i], array, variable);
                if (last) {
                    array.set(index, TextNode.valueOf(value));
                    return;
                }
                parent = array.get(index);
            } else if (parent instanceof ObjectNode object) {
                String field = matchField(object, segments[i]);
                if (last) {
                    object.set(field, TextNode.valueOf(value));
                    return;
                }
                if (!object.has(field)) {
                    object.putObject(field);
                }
                parent = object.get(field);
            } else {
                throw new ConfigException(variable, "does not name a configuration key");
            }
        }
    }

    private static int parseIndex(String segment, ArrayNode array, String variable) {
        try {
            int index = Integer.parseInt(segment);
            if (index >= 0 && index < array.size()) {
                return index;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new ConfigException(variable, "list index '" + segment + "' out of range 0.." + (array.size() - 1));
    }

    private static String matchField(ObjectNode object, String segment) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equalsIgnoreCase(segment)) {
                return field;
            }
        }
        return segment.toLowerCase(Locale.ROOT);
    }
}

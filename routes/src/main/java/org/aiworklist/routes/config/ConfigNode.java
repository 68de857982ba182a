package org.aiworklist.routes.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** A YAML node that remembers its key path, so every validation error can name the key. */
final class ConfigNode {
    private final JsonNode node;
    private final String path;

    ConfigNode(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    String path() {
        return path;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    ConfigNode child(String name) {
        JsonNode child = node == null ? null : node.get(name);
        if (child == null || child.isNull()) {
            throw new ConfigException(key(name), "missing");
        }
        if (!child.isObject()) {
            throw new ConfigException(key(name), "must be a mapping");
        }
        return new ConfigNode(child, key(name));
    }

    boolean has(String name) {
        return node != null && node.hasNonNull(name);
    }

    String text(String name) {
        JsonNode v = value(name);
        if (!v.isValueNode() || v.asText().isBlank()) {
            throw new ConfigException(key(name), "must be a non-empty text");
        }
        return v.asText();
    }

    String text(String name, String fallback) {
        return has(name) ? text(name) : fallback;
    }

    /** A text that may be empty or absent, such as a password. */
    String textOrEmpty(String name) {
        return has(name) ? node.get(name).asText() : "";
    }

    int integer(String name, int min, int max) {
        JsonNode v = value(name);
        int i;
        try {
            i = Integer.parseInt(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key(name), "must be a whole number, got '" + v.asText() + "'");
        }
        if (i < min || i > max) {
            throw new ConfigException(key(name), "must be between " + min + " and " + max + ", got " + i);
        }
        return i;
    }

    int integer(String name, int min, int max, int fallback) {
        return has(name) ? integer(name, min, max) : fallback;
    }

    double number(String name, double min, double max) {
        JsonNode v = value(name);
        double d;
        try {
            d = Double.parseDouble(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key(name), "must be a number, got '" + v.asText() + "'");
        }
        if (d < min || d > max) {
            throw new ConfigException(key(name), "must be between " + min + " and " + max + ", got " + d);
        }
        return d;
    }

    boolean bool(String name, boolean fallback) {
        if (!has(name)) {
            return fallback;
        }
        String raw = value(name).asText().trim();
        if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
            throw new ConfigException(key(name), "must be true or false, got '" + raw + "'");
        }
        return Boolean.parseBoolean(raw);
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
        if (!has(name)) {
            return fallback;
        }
        String raw = text(name);
        try {
            return Enum.valueOf(type, raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key(name), "must be one of " + List.of(type.getEnumConstants())
                    + ", got '" + raw + "'");
        }
    }

    /** A list of mappings; absent means empty. */
    <T> List<T> list(String name, Function<ConfigNode, T> reader) {
        List<T> out = new ArrayList<>();
        if (!has(name)) {
            return out;
        }
        JsonNode v = node.get(name);
        if (!v.isArray()) {
            throw new ConfigException(key(name), "must be a list");
        }
        for (int i = 0; i < v.size(); i++) {
            String itemKey = key(name) + "[" + i + "]";
            if (!v.get(i).isObject()) {
                throw new ConfigException(itemKey, "must be a mapping");
            }
            out.add(reader.apply(new ConfigNode(v.get(i), itemKey)));
        }
        return out;
    }

    List<String> texts(String name) {
        List<String> out = new ArrayList<>();
        if (!has(name)) {
            return out;
        }
        JsonNode v = node.get(name);
        if (!v.isArray()) {
            throw new ConfigException(key(name), "must be a list");
        }
        v.forEach(item -> out.add(item.asText()));
        return out;
    }

    private JsonNode value(String name) {
        if (!has(name)) {
            throw new ConfigException(key(name), "missing");
        }
        return node.get(name);
    }
}

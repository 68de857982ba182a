package org.aiworklist.inference.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.aiworklist.common.CodedConcept;

/** Typed, validated access to manifest keys by dotted path; every failure names the key. */
final class ManifestReader {
    private final String source;
    private final JsonNode root;

    ManifestReader(String source, JsonNode root) {
        this.source = source;
        this.root = root;
    }

    ManifestException error(String key, String problem) {
        return new ManifestException(source, key, problem);
    }

    JsonNode node(String key) throws ManifestException {
        JsonNode node = find(key);
        if (node == null) {
            throw error(key, "missing");
        }
        return node;
    }

    boolean has(String key) {
        return find(key) != null;
    }

    /** Walks a key such as {@code output.labels[0].finding}; null when any step is absent. */
    private JsonNode find(String key) {
        JsonNode node = root;
        for (String part : key.split("\\.", -1)) {
            int bracket = part.indexOf('[');
            node = node.get(bracket < 0 ? part : part.substring(0, bracket));
            if (bracket >= 0 && node != null) {
                node = node.get(Integer.parseInt(part.substring(bracket + 1, part.length() - 1)));
            }
            if (node == null || node.isNull()) {
                return null;
            }
        }
        return node;
    }

    String text(String key) throws ManifestException {
        JsonNode node = node(key);
        if (!node.isValueNode() || node.asText().isBlank()) {
            throw error(key, "expected a non-empty value");
        }
        return node.asText().trim();
    }

    String oneOf(String key, Set<String> allowed) throws ManifestException {
        String value = text(key);
        if (!allowed.contains(value)) {
            throw error(key, "'" + value + "' is not one of " + allowed);
        }
        return value;
    }

    double number(String key, double min, double max) throws ManifestException {
        return checkRange(key, node(key), min, max);
    }

    private double checkRange(String key, JsonNode node, double min, double max) throws ManifestException {
        if (!node.isNumber()) {
            throw error(key, "expected a number, got '" + node.asText() + "'");
        }
        double v = node.asDouble();
        if (v < min || v > max) {
            throw error(key, v + " is outside [" + min + ", " + max + "]");
        }
        return v;
    }

    /** A true or false value; {@code fallback} when the key is left out. */
    boolean flag(String key, boolean fallback) throws ManifestException {
        if (!has(key)) {
            return fallback;
        }
        JsonNode node = node(key);
        if (!node.isBoolean()) {
            throw error(key, "expected true or false, got '" + node.asText() + "'");
        }
        return node.asBoolean();
    }

    /** An integer in range; {@code fallback} when the key is left out. */
    int integer(String key, int min, int max, int fallback) throws ManifestException {
        return has(key) ? integer(key, min, max) : fallback;
    }

    int integer(String key, int min, int max) throws ManifestException {
        JsonNode node = node(key);
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw error(key, "expected an integer, got '" + node.asText() + "'");
        }
        return (int) checkRange(key, node, min, max);
    }

    double[] numbers(String key, int count, double min, double max) throws ManifestException {
        JsonNode node = node(key);
        if (!node.isArray() || node.size() != count) {
            throw error(key, "expected a list of " + count + " numbers");
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = checkRange(key + "[" + i + "]", node.get(i), min, max);
        }
        return values;
    }

    /** A list of {@code count} whole numbers, each within [min, max]. */
    int[] integers(String key, int count, int min, int max) throws ManifestException {
        double[] values = numbers(key, count, min, max);
        int[] whole = new int[count];
        for (int i = 0; i < count; i++) {
            if (values[i] != Math.rint(values[i])) {
                throw error(key + "[" + i + "]", "expected a whole number, got " + values[i]);
            }
            whole[i] = (int) values[i];
        }
        return whole;
    }

    /** An optional value from a fixed set, matched without regard to case: {@code fallback} when absent. */
    <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) throws ManifestException {
        if (!has(key)) {
            return fallback;
        }
        String value = text(key);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            allowed.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw error(key, "'" + value + "' is not one of " + allowed);
    }

    /** A coded concept {@code {code, scheme, meaning}}; the deprecated SRT scheme is refused. */
    CodedConcept concept(String key) throws ManifestException {
        onlyKeys(key, Set.of("code", "scheme", "meaning"));
        String scheme = text(key + ".scheme");
        if ("SRT".equals(scheme)) {
            throw error(key + ".scheme", "SRT is deprecated: use SCT");
        }
        return new CodedConcept(text(key + ".code"), scheme, text(key + ".meaning"));
    }

    /** A list with at least one entry; {@code problem} is the message when it is not. */
    JsonNode nonEmptyList(String key, String problem) throws ManifestException {
        JsonNode node = node(key);
        if (!node.isArray() || node.isEmpty()) {
            throw error(key, problem);
        }
        return node;
    }

    List<String> texts(String key) throws ManifestException {
        JsonNode node = nonEmptyList(key, "expected a non-empty list");
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isValueNode() || item.asText().isBlank()) {
                throw error(key + "[" + i + "]", "expected a non-empty value");
            }
            values.add(item.asText().trim());
        }
        return values;
    }

    /** Rejects keys the schema does not know, so a typo is not silently ignored. */
    void onlyKeys(String key, Set<String> allowed) throws ManifestException {
        JsonNode node = key.isEmpty() ? root : node(key);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw error(
                        key.isEmpty() ? name : key + "." + name,
                        "unknown key (allowed: " + new TreeSet<>(allowed) + ")");
            }
        }
    }
}

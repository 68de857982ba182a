package org.aiworklist.routes.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.aiworklist.dicom.DicomKeywords;

/**
 * Reads a rule's {@code match} mapping: each key a PS3.6 keyword (any case) or {@code callingAeTitle}, each value a
 * text or number (equal to it), a list (any of them), or a mapping with {@code regex}, or {@code min} and/or
 * {@code max}. Any problem is one {@link ConfigException} naming the key and the rule.
 */
final class RuleMatchReader {
    /** Value representations whose values are numbers a range can test (AS: ages, in years). */
    private static final Set<String> NUMERIC = Set.of("AS", "DS", "IS", "US", "UL", "UV", "SS", "SL", "SV", "FL", "FD");

    private static final Set<String> MAPPING_KEYS = Set.of("regex", "min", "max");

    private final String key;
    private final String rule;

    private RuleMatchReader(String key, String rule) {
        this.key = key;
        this.rule = rule;
    }

    /**
     * @param key  the match's key, e.g. {@code rules[0].match}
     * @param rule the rule's name, for the message
     */
    static RuleMatch read(String key, String rule, Map<String, JsonNode> match) {
        RuleMatchReader reader = new RuleMatchReader(key, rule);
        List<RuleMatch.Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : match.entrySet()) {
            conditions.add(reader.condition(e.getKey(), e.getValue()));
        }
        return new RuleMatch(conditions);
    }

    private RuleMatch.Condition condition(String name, JsonNode value) {
        String at = key + "." + name;
        if (RuleMatch.CALLING_AE_TITLE.equalsIgnoreCase(name)) {
            return new RuleMatch.Condition(RuleMatch.CALLING_AE_TITLE, value(at, value, false));
        }
        DicomKeywords.Keyword attribute = DicomKeywords.find(name)
                .orElseThrow(() -> error(at, "no DICOM attribute has the keyword '" + name + "' (PS3.6)"));
        if (!attribute.indexed()) {
            throw error(
                    at,
                    attribute.keyword() + " " + attribute.tag() + " (" + attribute.vr()
                            + ") cannot be matched: the index keeps the text of attributes before group 0021, but"
                            + " no sequences, binary values, person names or patient identifiers");
        }
        return new RuleMatch.Condition(attribute.keyword(), value(at, value, NUMERIC.contains(attribute.vr())));
    }

    private ValueCondition value(String at, JsonNode value, boolean numeric) {
        if (value == null || value.isNull()) {
            throw error(at, "missing a value");
        }
        if (value.isValueNode()) {
            return new ValueCondition.AnyOf(List.of(text(at, value)));
        }
        if (value.isArray()) {
            if (value.isEmpty()) {
                throw error(at, "must list at least one value");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                if (!value.get(i).isValueNode()) {
                    throw error(at + "[" + i + "]", "must be a text or a number");
                }
                values.add(text(at + "[" + i + "]", value.get(i)));
            }
            return new ValueCondition.AnyOf(values);
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MAPPING_KEYS.contains(name)) {
                throw error(at + "." + name, "is not a known key (known here: " + new TreeSet<>(MAPPING_KEYS) + ")");
            }
        }
        if (value.has("regex")) {
            if (value.size() > 1) {
                throw error(at, "takes regex, or min and/or max, not both");
            }
            try {
                return new ValueCondition.Matches(Pattern.compile(text(at + ".regex", value.get("regex"))));
            } catch (PatternSyntaxException e) {
                throw error(
                        at + ".regex",
                        "not a regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
        if (value.isEmpty()) {
            throw error(at, "needs regex, or min and/or max");
        }
        if (!numeric) {
            throw error(at, "min and max need an attribute with numbers (or ages) as values");
        }
        Optional<Double> min = bound(at + ".min", value.get("min"));
        Optional<Double> max = bound(at + ".max", value.get("max"));
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            throw error(at, "min " + min.get() + " is above max " + max.get());
        }
        return new ValueCondition.Between(min, max);
    }

    private Optional<Double> bound(String at, JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            throw error(at, "must be a number, got '" + node.asText() + "'");
        }
        return Optional.of(node.asDouble());
    }

    private String text(String at, JsonNode node) {
        String text = node.asText().strip();
        if (text.isEmpty()) {
            throw error(at, "must be a non-empty text");
        }
        return text;
    }

    private ConfigException error(String at, String problem) {
        return new ConfigException(at, "rule '" + rule + "': " + problem);
    }
}

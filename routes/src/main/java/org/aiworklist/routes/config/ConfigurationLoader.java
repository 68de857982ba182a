package org.aiworklist.routes.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.aiworklist.routes.config.ConfigFile.Destination;
import org.aiworklist.routes.config.ConfigFile.Rule;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Reads conf/aiworklist.yaml (or --config FILE), applies AIWORKLIST_* overrides, binds it to {@link ConfigFile} and
 * checks every key; the first problem found is one {@link ConfigException} that names its key.
 */
public final class ConfigurationLoader {
    /*
     * Keys match case-insensitively: an override of a key the file leaves out arrives in lower case (environment
     * names carry no camelCase). A list left out is empty. Texts become numbers, booleans and enums as they did
     * before, but 1.5 is no whole number, 1 is not true, and an empty text is no value at all.
     */
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .withConfigOverride(List.class, list -> list.setSetterInfo(JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY)))
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(
                    LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .build();
    /** Messages only use {min} and {max}, so no Expression Language implementation is needed. */
    private static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();
    /** Jackson's target types as the YAML's author knows them. */
    private static final Map<Class<?>, String> KINDS = Map.of(
            Integer.class,
            "a whole number",
            Double.class,
            "a number",
            Boolean.class,
            "true or false",
            String.class,
            "a text");

    private ConfigurationLoader() {}

    public static NodeConfiguration load(Path file, Map<String, String> environment) {
        JsonNode tree = readTree(file);
        EnvironmentOverrides.apply(tree, environment);
        ConfigFile config = bind(tree);
        // The validator reports in no particular order: the first key wins, so one file always gives one message.
        Optional<ConstraintViolation<ConfigFile>> violation =
                VALIDATOR.validate(config).stream().min(Comparator.comparing(ConfigurationLoader::key));
        if (violation.isPresent()) {
            throw new ConfigException(key(violation.get()), problem(violation.get()));
        }
        requireUniqueNames(
                "destinations",
                config.destinations().stream().map(Destination::name).toList());
        requireUniqueNames("rules", config.rules().stream().map(Rule::name).toList());
        requireConfiguredDestinations(config);
        return config.toNodeConfiguration();
    }

    private static JsonNode readTree(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException(
                    file.toString(),
                    "cannot be read: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof ObjectNode)) {
            throw new ConfigException(file.toString(), "must be a YAML mapping");
        }
        return root;
    }

    private static ConfigFile bind(JsonNode tree) {
        try {
            return YAML.treeToValue(tree, ConfigFile.class);
        } catch (JsonMappingException e) {
            String key = e.getPath().stream()
                    .map(r -> r.getIndex() >= 0 ? "[" + r.getIndex() + "]" : "." + r.getFieldName())
                    .collect(Collectors.joining());
            throw new ConfigException(key.replaceFirst("^\\.", ""), problem(e));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree cannot be malformed", e);
        }
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "is not a known key (known here: " + unknown.getKnownPropertyIds() + ")";
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            String got = e instanceof InvalidFormatException invalid ? ", got '" + invalid.getValue() + "'" : "";
            return "must be " + kind(mismatched.getTargetType()) + got;
        }
        return e.getOriginalMessage().lines().findFirst().orElse("cannot be read");
    }

    private static String kind(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return Collection.class.isAssignableFrom(type) ? "a list" : KINDS.getOrDefault(type, "a mapping");
    }

    /** The path reads like the YAML key (destinations[0].port) but names a list's items "<list element>" too. */
    private static String key(ConstraintViolation<?> violation) {
        return violation.getPropertyPath().toString().replace(".<list element>", "");
    }

    /** A left-out key is "missing" and a blank text "must be a non-empty text", whichever rule they break. */
    private static String problem(ConstraintViolation<?> violation) {
        Object value = violation.getInvalidValue();
        if (value == null) {
            return "missing";
        }
        if (value instanceof String text) {
            return text.isBlank() ? "must be a non-empty text" : violation.getMessage() + ", got '" + text + "'";
        }
        return value instanceof Number ? violation.getMessage() + ", got " + value : violation.getMessage();
    }

    private static void requireUniqueNames(String key, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new ConfigException(key, "name '" + name + "' is used twice");
            }
        }
    }

    private static void requireConfiguredDestinations(ConfigFile config) {
        Set<String> configured =
                Set.copyOf(config.destinations().stream().map(Destination::name).toList());
        for (int r = 0; r < config.rules().size(); r++) {
            List<String> named = config.rules().get(r).destinations();
            for (int d = 0; d < named.size(); d++) {
                if (!configured.contains(named.get(d))) {
                    throw new ConfigException(
                            "rules[" + r + "].destinations[" + d + "]",
                            "names no configured destination: '" + named.get(d) + "'");
                }
            }
        }
    }
}

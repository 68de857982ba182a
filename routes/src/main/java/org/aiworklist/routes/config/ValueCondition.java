package org.aiworklist.routes.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One test on one text value: any of some values (case-insensitive, or numerically equal, against each of the
 * attribute's values), a regular
 * expression (against the whole text, values joined by backslashes), or a numeric range (inclusive, on the first
 * value; an age string such as 045Y counts in years).
 */
public sealed interface ValueCondition {
    boolean test(String text);

    /** Any of these values. */
    record AnyOf(List<String> values) implements ValueCondition {
        public AnyOf {
            values = List.copyOf(values);
        }

        @Override
        public boolean test(String text) {
            for (String value : text.split("\\\\", -1)) {
                if (values.stream().anyMatch(v -> same(v, value.strip()))) {
                    return true;
                }
            }
            return false;
        }

        /** Equal as text ignoring case, or as numbers (a decimal string may be written 1 or 1.0). */
        private static boolean same(String wanted, String value) {
            if (wanted.equalsIgnoreCase(value)) {
                return true;
            }
            try {
                return Double.parseDouble(wanted) == Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /** The whole text matches the expression. */
    record Matches(Pattern regex) implements ValueCondition {
        @Override
        public boolean test(String text) {
            return regex.matcher(text).matches();
        }
    }

    /** The first value is a number (an age string: years) within [min, max]; either bound may be open. */
    record Between(Optional<Double> min, Optional<Double> max) implements ValueCondition {
        @Override
        public boolean test(String text) {
            Optional<Double> number = number(text.split("\\\\", -1)[0].strip());
            return number.isPresent()
                    && min.map(m -> number.get() >= m).orElse(true)
                    && max.map(m -> number.get() <= m).orElse(true);
        }

        /** A DS/IS/US... value, or an AS value (nnnD, nnnW, nnnM, nnnY) in years. */
        static Optional<Double> number(String value) {
            try {
                if (value.matches("[0-9]{3}[DWMY]")) {
                    double n = Integer.parseInt(value.substring(0, 3));
                    return Optional.of(
                            switch (value.toUpperCase(Locale.ROOT).charAt(3)) {
                                case 'D' -> n / 365.25;
                                case 'W' -> n * 7 / 365.25;
                                case 'M' -> n / 12;
                                default -> n;
                            });
                }
                return Optional.of(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}

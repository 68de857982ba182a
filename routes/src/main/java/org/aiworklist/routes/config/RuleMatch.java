package org.aiworklist.routes.config;

import java.util.List;
import java.util.Optional;

/**
 * What a series must be for a rule to take it: every condition holds. A condition names a standard attribute by
 * keyword (absent attribute: the condition fails), or the calling AE title of the association that sent the series.
 * A rule with no condition takes every series.
 */
public record RuleMatch(List<Condition> conditions) {
    /** The pseudo-keyword of the sender's AE title: it is not in the data set. */
    public static final String CALLING_AE_TITLE = "callingAeTitle";

    /** One condition: {@code keyword} is a PS3.6 keyword or {@link #CALLING_AE_TITLE}. */
    public record Condition(String keyword, ValueCondition value) {
        boolean test(SeriesFacts series) {
            Optional<String> text = CALLING_AE_TITLE.equals(keyword) ? series.callingAeTitle() : series.text(keyword);
            return text.isPresent() && value.test(text.get());
        }
    }

    public RuleMatch {
        conditions = List.copyOf(conditions);
    }

    public static RuleMatch any() {
        return new RuleMatch(List.of());
    }

    public boolean matches(SeriesFacts series) {
        return conditions.stream().allMatch(c -> c.test(series));
    }
}

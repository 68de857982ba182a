package org.aiworklist.common;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A classification model's result: one verdict per label it knows.
 *
 * @param scope whether the verdicts describe the series the model looked at or the whole study
 */
public record Classification(Scope scope, List<ClassVerdict> verdicts) {
    public enum Scope {
        SERIES,
        STUDY
    }

    public Classification {
        Objects.requireNonNull(scope, "scope");
        verdicts = List.copyOf(verdicts);
        if (verdicts.isEmpty()) {
            throw new IllegalArgumentException("a classification needs at least one verdict");
        }
        Set<String> names = new HashSet<>();
        for (ClassVerdict v : verdicts) {
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("label " + v.name() + " has two verdicts");
            }
        }
    }

    public List<ClassVerdict> present() {
        return verdicts.stream().filter(ClassVerdict::present).toList();
    }
}

package org.aiworklist.inference.manifest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.aiworklist.common.ClassVerdict;
import org.aiworklist.common.Classification;
import org.aiworklist.common.Priority;

/**
 * The {@code classification} output type: the model takes the windows its preprocessing declares (whole slices or
 * 2.5D slice stacks, the whole volume, or sliding-window patches) and returns one probability per label and window
 * ([N, labels]); a series' probability for a label is its highest window's (a finding anywhere makes the series
 * positive).
 *
 * @param scope  whether the verdicts describe the series the model looked at or the whole study
 * @param labels one entry per output column
 */
public record ClassificationOutput(Classification.Scope scope, List<ClassLabel> labels) {
    public ClassificationOutput {
        labels = List.copyOf(labels);
    }

    /** A model whose positive verdict can raise a study's priority: its jobs run before others of equal priority. */
    public boolean triage() {
        return labels.stream().anyMatch(l -> l.triage().isPresent());
    }

    /** The most urgent priority that the present findings of {@code result} call for; empty when none does. */
    public Optional<Priority> escalation(Classification result) {
        return result.present().stream()
                .flatMap(v -> labels.stream().filter(l -> l.name().equals(v.name())))
                .flatMap(l -> l.triage().stream())
                .max(Priority::compareTo);
    }

    /** The verdicts for per-label probabilities, in label order. */
    public Classification verdicts(double[] probabilities) {
        List<ClassVerdict> verdicts = new ArrayList<>();
        for (int l = 0; l < labels.size(); l++) {
            ClassLabel label = labels.get(l);
            double p = Math.min(1, Math.max(0, probabilities[l]));
            verdicts.add(new ClassVerdict(label.name(), label.finding(), label.description(), p, label.threshold()));
        }
        return new Classification(scope, verdicts);
    }

    /** The thresholds, for the SR's and SC's algorithm parameters. */
    List<String> parameters() {
        return labels.stream()
                .map(l -> "threshold[" + l.name() + "]=" + l.threshold())
                .toList();
    }

    /** Reads {@code output} of a classification manifest; any problem names its key. */
    static OutputContract read(ManifestReader r) throws ManifestException {
        r.onlyKeys("output", Set.of("type", "scope", "labels"));
        Classification.Scope scope = Classification.Scope.valueOf(r.oneOf(
                "output.scope",
                Set.copyOf(Arrays.stream(Classification.Scope.values())
                        .map(Enum::name)
                        .toList())));
        var labelsNode = r.nonEmptyList("output.labels", "expected a non-empty list, one entry per output column");
        List<ClassLabel> labels = new ArrayList<>();
        List<Label> plain = new ArrayList<>();
        for (int i = 0; i < labelsNode.size(); i++) {
            String key = "output.labels[" + i + "]";
            r.onlyKeys(key, Set.of("name", "finding", "description", "threshold", "triage"));
            String name = r.text(key + ".name");
            if (plain.stream().anyMatch(l -> l.name().equals(name))) {
                throw r.error(key + ".name", "'" + name + "' is used twice");
            }
            Optional<Priority> triage = r.has(key + ".triage")
                    ? Optional.of(Priority.valueOf(r.oneOf(
                            key + ".triage",
                            Set.copyOf(Arrays.stream(Priority.values())
                                    .map(Enum::name)
                                    .toList()))))
                    : Optional.empty();
            ClassLabel label = new ClassLabel(
                    name,
                    r.concept(key + ".finding"),
                    r.text(key + ".description"),
                    r.number(key + ".threshold", 0.001, 1),
                    triage);
            labels.add(label);
            plain.add(new Label(name, label.finding(), null));
        }
        ClassificationOutput classification = new ClassificationOutput(scope, labels);
        return OutputContract.classification(plain, classification);
    }
}

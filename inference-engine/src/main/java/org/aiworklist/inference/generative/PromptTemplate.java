package org.aiworklist.inference.generative;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A prompt template file: the instruction, a line {@code {{images}}} where the images go (each followed by its
 * label, as MedGemma's CT notebook interleaves "SLICE n"), then the question. Lines starting with {@code #} are notes
 * for the reader and are not sent. Placeholders: {@code {{modality}}}, {@code {{image_count}}} and
 * {@code {{other_findings}}} (what other models found on the study, as JSON, or "none").
 */
public final class PromptTemplate {
    static final String IMAGES = "images";
    static final Set<String> VALUES = Set.of("modality", "image_count", "other_findings");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_]+)\\s*}}");

    private final String instruction;
    private final String question;

    private PromptTemplate(String instruction, String question) {
        this.instruction = instruction;
        this.question = question;
    }

    /** Checks the template: one images line, known placeholders only, text on both sides. */
    public static PromptTemplate parse(String text) {
        String sent = text.lines().filter(line -> !line.startsWith("#")).collect(Collectors.joining("\n"));
        String[] parts = sent.split("(?m)^\\s*\\{\\{\\s*images\\s*}}\\s*$", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException(
                    "needs exactly one line {{images}} where the images go, found " + (parts.length - 1));
        }
        Matcher m = PLACEHOLDER.matcher(sent);
        while (m.find()) {
            if (!m.group(1).equals(IMAGES) && !VALUES.contains(m.group(1))) {
                throw new IllegalArgumentException(
                        "unknown placeholder {{" + m.group(1) + "}} (known: " + VALUES + " and images)");
            }
        }
        if (parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("needs an instruction before {{images}} and a question after it");
        }
        return new PromptTemplate(parts[0].strip(), parts[1].strip());
    }

    /** The text sent before the images. */
    public String instruction(Map<String, String> values) {
        return fill(instruction, values);
    }

    /** The text sent after the images. */
    public String question(Map<String, String> values) {
        return fill(question, values);
    }

    private static String fill(String text, Map<String, String> values) {
        if (!values.keySet().equals(VALUES)) {
            throw new IllegalArgumentException("values for " + VALUES + " expected, got " + values.keySet());
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(Objects.requireNonNull(values.get(m.group(1)))));
        }
        m.appendTail(out);
        return out.toString();
    }
}

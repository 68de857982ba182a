package org.aiworklist.inference.generative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import org.aiworklist.inference.manifest.GenerativeReportManifest;

/**
 * A chat-completions answer that passed the node's checks, or the reason it did not. An answer is refused when it
 * is empty (no letter or digit), was cut off or stopped for another reason than its end ({@code finish_reason} not {@code stop}), holds
 * anything but text (tool calls, images, content parts of another type), is a refusal (the API's {@code refusal}
 * field, or a text that opens like one), is not the JSON the request's schema asked for, or a section is longer
 * than the manifest allows (never cut: a shortened draft could drop what mattered).
 *
 * @param servedModel the {@code model} the endpoint says answered (the manifest's name when it says none)
 */
public record DraftAnswer(String findings, String impression, String servedModel) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How refusals open, lower case; a draft report never starts so. */
    private static final List<String> REFUSAL_OPENINGS = List.of(
            "i'm sorry", "i am sorry", "i cannot", "i can't", "i can not", "i am unable", "i'm unable", "as an ai");

    /** Checks the endpoint's 2xx answer body. */
    public static DraftAnswer check(String body, GenerativeReportManifest manifest) throws DraftFailure {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw rejected("the answer is not JSON");
        }
        JsonNode choice = root == null ? null : root.path("choices").path(0);
        if (choice == null || !choice.isObject()) {
            throw rejected("the answer holds no choice");
        }
        JsonNode message = choice.path("message");
        String refusal = message.path("refusal").asText("");
        if (!refusal.isBlank()) {
            throw rejected("the model refused: " + oneLine(refusal));
        }
        String finish = choice.path("finish_reason").asText("");
        if (!"stop".equals(finish)) {
            throw rejected("finish_reason '" + finish + "', not 'stop'"
                    + ("length".equals(finish)
                            ? ": the answer was cut off at generation.maxTokens ("
                                    + manifest.generation().maxTokens() + ")"
                            : ""));
        }
        if (message.has("tool_calls") && !message.path("tool_calls").isEmpty()) {
            throw rejected("the answer is a tool call, not text");
        }
        String text = text(message.path("content"));
        if (text.isBlank()) {
            throw rejected("the answer is empty");
        }
        if (opensLikeRefusal(text)) {
            throw rejected("the model refused: " + oneLine(text));
        }
        JsonNode sections;
        try {
            sections = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw rejected("the answer is not the JSON asked for (findings, impression)");
        }
        String findings = section(sections, "findings", manifest.answer().findingsMaxChars());
        String impression = section(sections, "impression", manifest.answer().impressionMaxChars());
        String served = root.path("model").asText("");
        return new DraftAnswer(
                findings, impression, served.isBlank() ? manifest.endpoint().model() : served);
    }

    /** The content as text: a string, or content parts that are all text. */
    private static String text(JsonNode content) throws DraftFailure {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText())
                        || !part.path("text").isTextual()) {
                    throw rejected("the answer holds non-text content ("
                            + part.path("type").asText("untyped") + ")");
                }
                s.append(part.path("text").asText());
            }
            return s.toString();
        }
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        throw rejected("the answer holds non-text content");
    }

    private static String section(JsonNode sections, String name, int maxChars) throws DraftFailure {
        JsonNode node = sections.path(name);
        if (!node.isTextual()) {
            throw rejected("the answer has no " + name + " text");
        }
        String text = node.asText().strip();
        if (text.codePoints().noneMatch(Character::isLetterOrDigit)) {
            throw rejected("the answer's " + name + " is empty");
        }
        if (opensLikeRefusal(text)) {
            throw rejected("the model refused: " + oneLine(text));
        }
        if (text.codePointCount(0, text.length()) > maxChars) {
            throw rejected("the answer's " + name + " has " + text.codePointCount(0, text.length())
                    + " characters, more than the " + maxChars + " allowed");
        }
        return text;
    }

    private static boolean opensLikeRefusal(String text) {
        String start = text.strip().toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        return REFUSAL_OPENINGS.stream().anyMatch(start::startsWith);
    }

    private static DraftFailure rejected(String reason) {
        return DraftFailure.permanent("answer rejected: " + reason);
    }

    /** The first line, at most 200 characters: a refusal is quoted in the job's error, not kept whole. */
    static String oneLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "\u2026";
    }
}

package org.aiworklist.inference.generative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.aiworklist.inference.TestModels;
import org.aiworklist.inference.manifest.GenerativeReportManifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The checks an answer must pass; each refusal is final and says why in one line. */
class DraftAnswerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GenerativeReportManifest manifest;

    @BeforeAll
    static void load() throws Exception {
        manifest = GenerativeReportManifest.load(TestModels.MODELS.resolve("medgemma-1.5-4b-draft.yaml"));
    }

    /** An answer shaped as vLLM and llama.cpp send it. */
    private static ObjectNode answer(String content, String finishReason) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", "google/medgemma-1.5-4b-it");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("finish_reason", finishReason);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        return root;
    }

    private static String sections(String findings, String impression) {
        return JSON.createObjectNode()
                .put("findings", findings)
                .put("impression", impression)
                .toString();
    }

    private static String rejection(ObjectNode body) {
        DraftFailure f = assertThrows(DraftFailure.class, () -> DraftAnswer.check(body.toString(), manifest));
        assertFalse(f.isRetryable(), "asking again would get the same");
        assertFalse(f.getMessage().contains("\n"));
        return f.getMessage();
    }

    @Test
    void aCompleteAnswerGivesBothSections() throws Exception {
        DraftAnswer a = DraftAnswer.check(
                answer(sections(" No nodule. ", "Normal."), "stop").toString(), manifest);
        assertEquals("No nodule.", a.findings());
        assertEquals("Normal.", a.impression());
        assertEquals("google/medgemma-1.5-4b-it", a.servedModel());
    }

    @Test
    void anAnswerCutOffAtMaxTokensIsRejected() {
        assertTrue(rejection(answer("{\"findings\": \"No nod", "length")).contains("finish_reason 'length'"));
    }

    @Test
    void anEmptyAnswerIsRejected() {
        assertTrue(rejection(answer("", "stop")).contains("empty"));
        assertTrue(rejection(answer(sections(" ", "Normal."), "stop")).contains("findings is empty"));
        assertTrue(rejection(answer(sections("Normal.", "\u0007 ."), "stop")).contains("impression is empty"));
    }

    @Test
    void aRefusalIsRejected() {
        ObjectNode refused = answer(null, "stop");
        ((ObjectNode) refused.path("choices").get(0).path("message")).put("refusal", "I cannot help with that.");
        assertTrue(rejection(refused).contains("refused"));
        assertTrue(rejection(answer("I'm sorry, but I can't interpret medical images.", "stop"))
                .contains("refused"));
        assertTrue(rejection(answer(sections("I cannot assess these images.", "n/a"), "stop"))
                .contains("refused"));
    }

    @Test
    void nonTextContentIsRejected() {
        ObjectNode parts = answer(null, "stop");
        ObjectNode message = (ObjectNode) parts.path("choices").get(0).path("message");
        message.putArray("content").addObject().put("type", "image_url");
        assertTrue(rejection(parts).contains("non-text"));
        ObjectNode tool = answer(null, "tool_calls");
        ((ObjectNode) tool.path("choices").get(0).path("message"))
                .putArray("tool_calls")
                .addObject()
                .put("id", "1");
        assertTrue(rejection(tool).contains("finish_reason 'tool_calls'"));
    }

    @Test
    void anOverLongSectionIsRejectedNotCut() {
        String message = rejection(answer(sections("x".repeat(4001), "Normal."), "stop"));
        assertTrue(message.contains("4001 characters, more than the 4000 allowed"), message);
    }

    @Test
    void textThatIsNotTheAskedJsonIsRejected() {
        assertTrue(
                rejection(answer("FINDINGS: none. IMPRESSION: normal.", "stop")).contains("not the JSON"));
        assertTrue(rejection(answer("{\"findings\": \"none\"}", "stop")).contains("no impression"));
    }

    @Test
    void serverErrorsAreQuotedInTheirOwnWords() {
        assertEquals(
                "Failed to load image or audio file",
                ChatCompletionsClient.serverMessage(
                        "{\"error\":{\"code\":400,\"message\":\"Failed to load image or audio file\"}}"));
        assertEquals(
                "model not found", ChatCompletionsClient.serverMessage("{\"error\":\"model not found\"}")); // Ollama
        assertEquals(
                "The model does not exist.",
                ChatCompletionsClient.serverMessage(
                        "{\"object\":\"error\",\"message\":\"The model does not exist.\",\"code\":404}")); // vLLM
        assertEquals("Bad Gateway", ChatCompletionsClient.serverMessage("Bad Gateway\n<html>"));
        assertEquals("(no message)", ChatCompletionsClient.serverMessage(""));
    }
}

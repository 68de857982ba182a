package org.aiworklist.inference.generative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.aiworklist.inference.TestModels;
import org.aiworklist.inference.manifest.GenerativeReportManifest;
import org.junit.jupiter.api.Test;

/** What one chat-completions request carries: the OpenAI message shape, the manifest's settings, nothing else. */
class DraftRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void instructionThenEachImageWithItsSliceLabelThenTheQuestion() throws Exception {
        GenerativeReportManifest m =
                GenerativeReportManifest.load(TestModels.MODELS.resolve("medgemma-1.5-4b-draft.yaml"));
        List<byte[]> pngs = List.of(new byte[] {1, 2, 3}, new byte[] {4, 5});
        DraftRequest request = DraftRequest.build(
                m, "CT", pngs, List.of(new ContextFinding("Demo 1.0", "Pulmonary nodule", "Lung", 8.04, 0.914, 2)));
        JsonNode body = JSON.readTree(request.bytes());
        assertEquals(2, request.imageCount());
        assertEquals(request.bytes().length, request.size());
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                List.of("model", "messages", "max_tokens", "temperature", "seed", "stream", "response_format"), keys);
        assertEquals("medgemma-1.5-4b-it", body.path("model").asText());
        assertEquals(2048, body.path("max_tokens").asInt());
        assertEquals(0, body.path("temperature").asDouble());
        assertEquals(1234, body.path("seed").asInt());
        assertEquals(1, body.path("messages").size(), "one user message");
        JsonNode content = body.path("messages").path(0).path("content");
        assertEquals(6, content.size());
        assertTrue(content.get(0).path("text").asText().contains("2 CT images"));
        assertEquals(
                "data:image/png;base64," + Base64.getEncoder().encodeToString(pngs.get(0)),
                content.get(1).path("image_url").path("url").asText());
        assertEquals("SLICE 1", content.get(2).path("text").asText());
        assertEquals("image_url", content.get(3).path("type").asText());
        assertEquals("SLICE 2", content.get(4).path("text").asText());
        String question = content.get(5).path("text").asText();
        assertTrue(
                question.contains("[{\"model\":\"Demo 1.0\",\"finding\":\"Pulmonary nodule\",\"site\":\"Lung\","
                        + "\"diameterMm\":8.0,\"probability\":0.91,\"slice\":2}]"),
                question);
        JsonNode schema = body.path("response_format").path("json_schema").path("schema");
        assertEquals(
                4000,
                schema.path("properties").path("findings").path("maxLength").asInt());
        assertEquals(
                1500,
                schema.path("properties").path("impression").path("maxLength").asInt());
        assertFalse(schema.path("additionalProperties").asBoolean());
    }

    @Test
    void withoutOtherFindingsThePromptSaysNone() throws Exception {
        GenerativeReportManifest m =
                GenerativeReportManifest.load(TestModels.MODELS.resolve("medgemma-1.5-4b-draft.yaml"));
        JsonNode content = JSON.readTree(DraftRequest.build(m, "DX", List.of(new byte[] {9}), List.of())
                        .bytes())
                .path("messages")
                .path(0)
                .path("content");
        assertEquals(3, content.size(), "a single image carries no label");
        assertTrue(content.get(2).path("text").asText().contains(": none"));
        for (Iterator<JsonNode> parts = content.elements(); parts.hasNext(); ) {
            assertFalse(parts.next().path("text").asText().contains("{{"), "every placeholder filled");
        }
    }
}

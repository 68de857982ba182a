package org.aiworklist.inference.generative;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.aiworklist.inference.manifest.GenerativeReportManifest;

/**
 * The body of one chat-completions request: one user message whose content is the instruction, each image as an
 * {@code image_url} part with a PNG {@code data:} URI followed by its label, then the question; temperature and
 * seed from the manifest; and a JSON schema for the answer (Findings and Impression texts, each with its length
 * limit), which vLLM, llama.cpp and Ollama enforce, so the sections come back apart and the answer ends.
 * <p>
 * What it carries is deliberately little: pixels, the modality, the image count, and other models' findings. No
 * name, ID, birth date, sex or age, accession number, institution, physician, date or free-text description of the
 * study is ever put in, and the images are the node's own renderings of pixel data (no overlay, no header text).
 */
public final class DraftRequest {
    static final String SCHEMA_NAME = "draft_report";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] body;
    private final int imageCount;

    private DraftRequest(byte[] body, int imageCount) {
        this.body = body;
        this.imageCount = imageCount;
    }

    /**
     * The request for one series' images.
     *
     * @param modality   of the series sent (CT, MR, CR, DX)
     * @param pngs       the images, in order
     * @param others     other models' findings on the study (may be empty)
     */
    public static DraftRequest build(
            GenerativeReportManifest manifest, String modality, List<byte[]> pngs, List<ContextFinding> others) {
        if (pngs.isEmpty()) {
            throw new IllegalArgumentException("a draft request needs images");
        }
        Map<String, String> values = Map.of(
                "modality",
                modality,
                "image_count",
                Integer.toString(pngs.size()),
                "other_findings",
                others.isEmpty() ? "none" : json(others));
        PromptTemplate template = manifest.prompt().template();
        boolean volume = "CT".equals(modality) || "MR".equals(modality);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("model", manifest.endpoint().model());
            g.writeArrayFieldStart("messages");
            g.writeStartObject();
            g.writeStringField("role", "user");
            g.writeArrayFieldStart("content");
            text(g, template.instruction(values));
            for (int i = 0; i < pngs.size(); i++) {
                g.writeStartObject();
                g.writeStringField("type", "image_url");
                g.writeObjectFieldStart("image_url");
                g.writeStringField(
                        "url", "data:image/png;base64," + Base64.getEncoder().encodeToString(pngs.get(i)));
                g.writeEndObject();
                g.writeEndObject();
                if (pngs.size() > 1) {
                    text(g, (volume ? "SLICE " : "IMAGE ") + (i + 1));
                }
            }
            text(g, template.question(values));
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeNumberField("max_tokens", manifest.generation().maxTokens());
            g.writeNumberField("temperature", manifest.generation().temperature());
            g.writeNumberField("seed", manifest.generation().seed());
            g.writeBooleanField("stream", false);
            g.writeFieldName("response_format");
            g.writeTree(responseFormat(manifest.answer()));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a request into memory", e);
        }
        return new DraftRequest(out.toByteArray(), pngs.size());
    }

    private static void text(JsonGenerator g, String text) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "text");
        g.writeStringField("text", text);
        g.writeEndObject();
    }

    /** {"findings": "...", "impression": "..."}, both required, nothing else, each within its limit. */
    static ObjectNode responseFormat(GenerativeReportManifest.Answer limits) {
        ObjectNode schema = JSON.createObjectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.set("findings", text(limits.findingsMaxChars()));
        properties.set("impression", text(limits.impressionMaxChars()));
        schema.putArray("required").add("findings").add("impression");
        schema.put("additionalProperties", false);
        ObjectNode format = JSON.createObjectNode();
        format.put("type", "json_schema");
        ObjectNode jsonSchema = format.putObject("json_schema");
        jsonSchema.put("name", SCHEMA_NAME);
        jsonSchema.put("strict", true);
        jsonSchema.set("schema", schema);
        return format;
    }

    private static ObjectNode text(int maxLength) {
        return JSON.createObjectNode().put("type", "string").put("minLength", 1).put("maxLength", maxLength);
    }

    /** Other models' findings as a JSON array: structured, so the model can tell a size from a slice number. */
    static String json(List<ContextFinding> findings) {
        ArrayNode array = JSON.createArrayNode();
        for (ContextFinding f : findings) {
            ObjectNode o = array.addObject();
            o.put("model", f.model());
            o.put("finding", f.finding());
            if (f.site() != null) {
                o.put("site", f.site());
            }
            if (f.diameterMm() != null) {
                o.put("diameterMm", Math.round(f.diameterMm() * 10) / 10.0);
            }
            if (f.probability() != null) {
                o.put("probability", Math.round(f.probability() * 100) / 100.0);
            }
            if (f.slice() != null) {
                o.put("slice", f.slice());
            }
        }
        return array.toString();
    }

    /** The body as sent (not copied: it holds every image). */
    byte[] bytes() {
        return body;
    }

    /** Bytes of the body, as sent. */
    public int size() {
        return body.length;
    }

    public int imageCount() {
        return imageCount;
    }
}

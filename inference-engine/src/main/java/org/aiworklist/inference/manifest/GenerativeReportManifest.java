package org.aiworklist.inference.manifest;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.aiworklist.common.AlgorithmIdentity;
import org.aiworklist.inference.generative.PromptTemplate;

/**
 * A manifest of kind {@code generative-report}: a model that writes a draft report from a study's images, served
 * by the hospital behind an OpenAI-compatible chat-completions endpoint (vLLM, llama.cpp, Ollama). It names the
 * endpoint and how to call it, the prompt template (its own versioned file, whose SHA-256 goes into every output),
 * the generation settings, the limits an answer must keep, and which series it takes.
 */
public record GenerativeReportManifest(
        Path source,
        String id,
        String version,
        String name,
        String manufacturer,
        String disclaimer,
        Endpoint endpoint,
        Prompt prompt,
        Generation generation,
        Answer answer,
        Input input,
        boolean secondaryCapture) {

    /** What serves the model: recorded in every output, since answers differ between servers. */
    public static final Set<String> SERVING_KINDS = Set.of("vllm", "llama.cpp", "ollama", "other");
    /** Modalities whose pixels the node knows how to prepare (see docs/medgemma.md). */
    public static final Set<String> MODALITIES = Set.of("CT", "MR", "CR", "DX");

    /**
     * Where and how the model is asked.
     *
     * @param baseUrl        the API root, e.g. http://127.0.0.1:18555/v1 ({@code /chat/completions} is added)
     * @param model          the model name the server is asked for
     * @param serving        one of {@link #SERVING_KINDS}
     * @param apiKeyEnv      the environment variable holding the API key, or null for none
     * @param timeoutSeconds one request's limit, answer included (prefill of 85 images dominates)
     * @param concurrency    requests in flight to this endpoint at most
     */
    public record Endpoint(
            URI baseUrl,
            String model,
            String serving,
            String apiKeyEnv,
            int timeoutSeconds,
            int concurrency,
            Retry retry) {
        public URI chatCompletions() {
            String base = baseUrl.toString();
            return URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
        }
    }

    /** Persistent retries of a draft whose endpoint is down or slow: backoff from initial to max, then give up. */
    public record Retry(int initialSeconds, int maxSeconds, int giveUpAfterSeconds) {}

    /** The template as read at start-up: these bytes are the ones hashed and the ones used. */
    public record Prompt(Path file, PromptTemplate template, String sha256) {}

    public record Generation(int maxTokens, double temperature, long seed) {}

    /** The longest Findings and Impression texts accepted: longer is an answer rejected, not cut. */
    public record Answer(int findingsMaxChars, int impressionMaxChars) {}

    /**
     * Which series the model takes, and how many images of what size it is sent.
     *
     * @param maxSlices images sent per study at most, sampled uniformly (MedGemma 1.5's CT recipe: 85)
     * @param imageSize pixels of each square image sent (Gemma 3's encoder: 896)
     */
    public record Input(Set<String> modalities, int maxSlices, int imageSize) {
        public Input {
            modalities = Set.copyOf(modalities);
        }
    }

    public static GenerativeReportManifest load(Path manifestFile) throws ManifestException {
        return load(manifestFile, ManifestDocument.read(manifestFile));
    }

    static GenerativeReportManifest load(Path manifestFile, ManifestReader r) throws ManifestException {
        r.onlyKeys(
                "",
                Set.of(
                        "kind",
                        "id",
                        "version",
                        "name",
                        "manufacturer",
                        "disclaimer",
                        "endpoint",
                        "prompt",
                        "generation",
                        "answer",
                        "input",
                        "output"));
        ManifestDocument.isGenerativeReport(r);
        return new GenerativeReportManifest(
                manifestFile,
                ManifestDocument.id(r),
                r.text("version"),
                r.text("name"),
                r.text("manufacturer"),
                r.text("disclaimer"),
                endpoint(r),
                prompt(r, manifestFile),
                generation(r),
                answer(r),
                input(r),
                output(r));
    }

    private static Endpoint endpoint(ManifestReader r) throws ManifestException {
        r.onlyKeys(
                "endpoint",
                Set.of("baseUrl", "model", "serving", "apiKeyEnv", "timeoutSeconds", "concurrency", "retry"));
        r.onlyKeys("endpoint.retry", Set.of("initialSeconds", "maxSeconds", "giveUpAfterSeconds"));
        String apiKeyEnv = r.has("endpoint.apiKeyEnv") ? r.text("endpoint.apiKeyEnv") : null;
        if (apiKeyEnv != null && !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw r.error("endpoint.apiKeyEnv", "must name an environment variable (letters, digits, '_')");
        }
        Retry retry = new Retry(
                r.integer("endpoint.retry.initialSeconds", 1, 86_400, 30),
                r.integer("endpoint.retry.maxSeconds", 1, 86_400, 900),
                r.integer("endpoint.retry.giveUpAfterSeconds", 1, 30 * 86_400, 6 * 3600));
        if (retry.initialSeconds() > retry.maxSeconds()) {
            throw r.error("endpoint.retry.initialSeconds", "must not exceed maxSeconds");
        }
        return new Endpoint(
                baseUrl(r),
                r.text("endpoint.model"),
                r.oneOf("endpoint.serving", SERVING_KINDS),
                apiKeyEnv,
                r.integer("endpoint.timeoutSeconds", 1, 86_400, 900),
                r.integer("endpoint.concurrency", 1, 64, 1),
                retry);
    }

    /** http or https with a host, nothing that would carry a secret or change the path (user info, query). */
    private static URI baseUrl(ManifestReader r) throws ManifestException {
        String key = "endpoint.baseUrl";
        String text = r.text(key);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw r.error(key, "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw r.error(key, "must be an http:// or https:// URL, got '" + text + "'");
        }
        if (uri.getHost() == null) {
            throw r.error(key, "must name a host");
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw r.error(key, "must not carry user info, a query or a fragment (the API key goes in apiKeyEnv)");
        }
        return uri;
    }

    private static Prompt prompt(ManifestReader r, Path manifestFile) throws ManifestException {
        r.onlyKeys("prompt", Set.of("template"));
        String source = manifestFile.toString();
        Path file = ModelFile.resolve(source, manifestFile, "prompt.template", r.text("prompt.template"));
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw r.error("prompt.template", "cannot read " + file.getFileName() + ": " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw r.error("prompt.template", file.getFileName() + " is not UTF-8 text");
        }
        try {
            return new Prompt(file, PromptTemplate.parse(text), ModelFile.sha256Of(bytes));
        } catch (IllegalArgumentException e) {
            throw r.error("prompt.template", file.getFileName() + ": " + e.getMessage());
        }
    }

    private static Generation generation(ManifestReader r) throws ManifestException {
        r.onlyKeys("generation", Set.of("maxTokens", "temperature", "seed"));
        return new Generation(
                r.integer("generation.maxTokens", 1, 1_000_000),
                r.has("generation.temperature") ? r.number("generation.temperature", 0, 2) : 0,
                r.integer("generation.seed", 0, Integer.MAX_VALUE));
    }

    private static Answer answer(ManifestReader r) throws ManifestException {
        r.onlyKeys("answer", Set.of("findingsMaxChars", "impressionMaxChars"));
        return new Answer(
                r.integer("answer.findingsMaxChars", 1, 1_000_000, 4000),
                r.integer("answer.impressionMaxChars", 1, 1_000_000, 1500));
    }

    private static Input input(ManifestReader r) throws ManifestException {
        r.onlyKeys("input", Set.of("modalities", "maxSlices", "imageSize"));
        List<String> modalities = r.texts("input.modalities");
        Set<String> accepted = new LinkedHashSet<>();
        for (int i = 0; i < modalities.size(); i++) {
            String m = modalities.get(i).toUpperCase(Locale.ROOT);
            if (!MODALITIES.contains(m)) {
                throw r.error("input.modalities[" + i + "]", "'" + m + "' is not one of " + MODALITIES);
            }
            accepted.add(m);
        }
        return new Input(
                accepted, r.integer("input.maxSlices", 1, 1000, 85), r.integer("input.imageSize", 64, 4096, 896));
    }

    private static boolean output(ManifestReader r) throws ManifestException {
        if (!r.has("output")) {
            return false;
        }
        r.onlyKeys("output", Set.of("secondaryCapture"));
        return r.flag("output.secondaryCapture", false);
    }

    /** What the draft SR, its SC page and the Contributing Equipment say about this model. */
    public AlgorithmIdentity algorithmIdentity() {
        List<String> parameters = new ArrayList<>(List.of(
                "serving=" + endpoint.serving(),
                "model=" + endpoint.model(),
                "promptSha256=" + prompt.sha256(),
                "temperature=" + generation.temperature(),
                "seed=" + generation.seed(),
                "maxSlices=" + input.maxSlices()));
        return new AlgorithmIdentity(id, name, version, manufacturer, prompt.sha256(), disclaimer, parameters);
    }

    /** Short form for logs: {@code id version}. */
    public String label() {
        return id + " " + version;
    }
}

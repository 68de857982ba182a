package org.aiworklist.common;

import java.util.List;
import java.util.Objects;

/**
 * A generative model's draft report as the node accepted it, with what every output must say about where it came
 * from. Produced by routes from the endpoint's answer, written by structured-reports as a draft SR and SC page.
 *
 * @param algorithm    the manifest's identity of the model (name, version, manufacturer, disclaimer)
 * @param servedModel  the model the endpoint said answered (its {@code model} field), e.g. google/medgemma-1.5-4b-it
 * @param servingKind  what served it: vllm, llama.cpp, ollama or other
 * @param promptSha256 SHA-256 of the prompt template file the request was built from
 * @param findings     the Findings section's text as the model wrote it
 * @param impression   the Impression section's text as the model wrote it
 * @param imagesSent   the source images whose pixels were in the request, in the order sent
 */
public record GeneratedDraft(
        AlgorithmIdentity algorithm,
        String servedModel,
        String servingKind,
        String promptSha256,
        String findings,
        String impression,
        List<ImageReference> imagesSent) {
    public GeneratedDraft {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(servedModel, "servedModel");
        Objects.requireNonNull(servingKind, "servingKind");
        Objects.requireNonNull(promptSha256, "promptSha256");
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(impression, "impression");
        imagesSent = List.copyOf(imagesSent);
        if (imagesSent.isEmpty()) {
            throw new IllegalArgumentException("a draft must name the images it was written from");
        }
    }
}

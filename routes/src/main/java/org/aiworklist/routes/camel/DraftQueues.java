package org.aiworklist.routes.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.routes.jobs.DraftStage;
import org.apache.camel.Body;

/**
 * One draft queue per generative-report model, with as many consumers as its manifest's concurrency: that many
 * requests are in flight to its endpoint at most, and a slow endpoint occupies only its own queue. Model ids are
 * lower-case letters, digits, '.', '_' and '-', which an endpoint URI takes as they are.
 */
final class DraftQueues {
    /** Above the claims a model may hold ({@code DraftStage.MAX_CLAIMED_PER_MODEL}): never full. */
    private static final int SIZE = 1000;

    private final Map<String, ExportQueues.Queue> byModel = new LinkedHashMap<>();

    /** @param concurrency model id to requests in flight at most */
    DraftQueues(Map<String, Integer> concurrency) {
        concurrency.forEach((model, consumers) -> byModel.put(
                model,
                new ExportQueues.Queue(
                        "seda:draft-" + model + "?size=" + SIZE + "&concurrentConsumers=" + consumers,
                        "draft-by-" + model)));
    }

    List<ExportQueues.Queue> all() {
        return new ArrayList<>(byModel.values());
    }

    /** The queue of the claimed draft's model (claims are made for installed models only). */
    public String uriOf(@Body DraftStage.Claim claim) {
        ExportQueues.Queue queue = byModel.get(claim.modelId());
        if (queue == null) {
            throw new IllegalStateException("model '" + claim.modelId() + "' has no draft queue");
        }
        return queue.uri();
    }
}

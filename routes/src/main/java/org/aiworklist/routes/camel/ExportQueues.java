package org.aiworklist.routes.camel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aiworklist.routes.config.NodeConfiguration.Destination;
import org.aiworklist.routes.jobs.ExportStage;
import org.apache.camel.Body;

/**
 * One export queue per configured destination, with its own consumers: a destination that is slow, hung or down
 * occupies only its own. Destination names are free text, so a queue is named by the destination's position and
 * its name reduced to characters an endpoint URI takes.
 */
final class ExportQueues {
    /** Exports of one destination sent at once. */
    static final int CONSUMERS_PER_DESTINATION = 2;
    /** Above the claims a destination may hold ({@code ExportStage.MAX_CLAIMED_PER_DESTINATION}): never full. */
    private static final int SIZE = 1000;

    private final Map<String, Queue> byDestination = new LinkedHashMap<>();

    /** @param routeId the destination's route, "export-to-" and its name */
    record Queue(String uri, String routeId) {}

    ExportQueues(List<Destination> destinations) {
        for (int i = 0; i < destinations.size(); i++) {
            String name = destinations.get(i).name();
            String uri = "seda:export-" + i + "-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "?size=" + SIZE
                    + "&concurrentConsumers=" + CONSUMERS_PER_DESTINATION;
            byDestination.put(name, new Queue(uri, "export-to-" + name));
        }
    }

    List<Queue> all() {
        return new ArrayList<>(byDestination.values());
    }

    /** The queue of the claimed export's destination (claims are made for configured destinations only). */
    public String uriOf(@Body ExportStage.Claim claim) {
        Queue queue = byDestination.get(claim.destination());
        if (queue == null) {
            throw new IllegalStateException("destination '" + claim.destination() + "' is not configured");
        }
        return queue.uri();
    }
}

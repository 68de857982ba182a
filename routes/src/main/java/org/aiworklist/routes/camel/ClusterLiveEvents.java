package org.aiworklist.routes.camel;

import org.aiworklist.routes.api.LiveChange;
import org.aiworklist.routes.api.LiveEvents;
import org.aiworklist.routes.api.PendingChanges;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * With a broker, the page of every node shows every node's work as it happens: each node publishes what its own
 * commits changed (the same change its own page's event stream names: job ids and two flags) to the
 * {@link BrokerQueues#EVENTS} topic, and gives what the other nodes published to its page's event stream. A node
 * ignores its own messages, which its page has had from its commits already. A change published while the broker is
 * away is lost; pages show it when they next load their data.
 */
public final class ClusterLiveEvents extends RouteBuilder {
    /** The JMS property naming the node a change was committed on. */
    static final String ORIGIN = "aiworklistNode";

    private final PendingChanges ownChanges;
    private final PendingChanges pageChanges;
    private final String nodeName;

    /**
     * @param ownChanges  watching this node's commits, for the topic only
     * @param pageChanges what the next event to this node's pages tells
     * @param nodeName    this node's device name, unique among the nodes
     */
    public ClusterLiveEvents(PendingChanges ownChanges, PendingChanges pageChanges, String nodeName) {
        this.ownChanges = ownChanges;
        this.pageChanges = pageChanges;
        this.nodeName = nodeName;
    }

    @Override
    public void configure() {
        // A page only misses a nudge: logged by type (a broker away), never retried.
        onException(Exception.class)
                .handled(true)
                .log(
                        LoggingLevel.WARN,
                        ClusterLiveEvents.class.getName(),
                        "route ${routeId}: change not relayed: ${exception.class.name}");

        from("timer:live-events-publish?period=" + LiveEvents.PERIOD_MS)
                .routeId("live-events-publish")
                .bean(ownChanges, "take")
                .filter(body().isNotNull())
                .marshal()
                .json(JsonLibrary.Jackson)
                .setHeader(ORIGIN, constant(nodeName))
                .to(BrokerQueues.EVENTS_PRODUCER);

        from(BrokerQueues.EVENTS_CONSUMER)
                .routeId("live-events-received")
                .filter(header(ORIGIN).isNotEqualTo(nodeName))
                .unmarshal()
                .json(JsonLibrary.Jackson, LiveChange.class)
                .bean(pageChanges, "add");
    }
}

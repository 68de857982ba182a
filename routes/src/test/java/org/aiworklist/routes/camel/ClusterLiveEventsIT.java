package org.aiworklist.routes.camel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.aiworklist.common.FreePorts;
import org.aiworklist.routes.api.LiveChange;
import org.aiworklist.routes.api.PendingChanges;
import org.aiworklist.routes.broker.EmbeddedBroker;
import org.aiworklist.routes.config.NodeConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Two nodes' live-event routes on a real (embedded) Artemis broker: what one node's commits changed reaches the
 * other's pages and not its own a second time; with the broker away a change is lost and logged by type, and once it
 * is back the nodes tell each other again.
 */
class ClusterLiveEventsIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private EmbeddedBroker broker;
    private final Node a = new Node("node-a");
    private final Node b = new Node("node-b");

    /** A node's live events only: its own commits' changes, and what its pages are told. */
    private static final class Node {
        final String name;
        final PendingChanges own = new PendingChanges();
        final PendingChanges page = new PendingChanges();
        final Set<Long> pageJobs = new HashSet<>();
        final CamelContext camel = new DefaultCamelContext();

        Node(String name) {
            this.name = name;
        }

        void start(String brokerUrl) throws Exception {
            BrokerQueues.install(camel, new NodeConfiguration.Broker(brokerUrl, null, null));
            camel.addRoutes(new ClusterLiveEvents(own, page, name));
            camel.start();
        }

        /** Takes what the page would be told, as the live-events route does, and keeps the job ids. */
        Set<Long> pageJobs() {
            LiveChange change = page.take();
            if (change != null) {
                pageJobs.addAll(change.jobs());
            }
            return pageJobs;
        }

        /** Tells the cluster of a change to the job, every half second until the other node's page has it. */
        void changeUntilSeenBy(Node other, long jobId) throws InterruptedException {
            Instant deadline = Instant.now().plus(PATIENCE);
            while (!other.pageJobs().contains(jobId) && Instant.now().isBefore(deadline)) {
                own.add(new LiveChange(List.of(jobId), true, false));
                Thread.sleep(500);
            }
            assertTrue(other.pageJobs().contains(jobId), other.name + "'s page told of job " + jobId);
        }
    }

    @AfterEach
    void stop() throws Exception {
        a.camel.stop();
        b.camel.stop();
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aNodesChangesReachTheOtherNodesPagesOnlyAndResumeAfterTheBrokerWasAway() throws Exception {
        int port = FreePorts.tcp();
        broker = new EmbeddedBroker("127.0.0.1", port, dir).start();
        a.start("tcp://127.0.0.1:" + port);
        b.start("tcp://127.0.0.1:" + port);

        a.changeUntilSeenBy(b, 7);
        // b sends only once its page has a's change, so a's own message came before b's on a's subscription
        b.changeUntilSeenBy(a, 8);
        assertFalse(a.pageJobs().contains(7L), "a node's own change is not told to its pages twice");
        assertFalse(b.pageJobs().contains(8L), "b's neither");

        Logger logger = (Logger) LoggerFactory.getLogger(ClusterLiveEvents.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            broker.close();
            broker = null;
            a.own.add(new LiveChange(List.of(9L), false, false));
            Instant deadline = Instant.now().plus(PATIENCE);
            while (logged.list.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            List<String> lines =
                    logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(
                    lines.stream().anyMatch(l -> l.startsWith("route live-events-publish: change not relayed: ")),
                    "a change the broker could not take is logged: " + lines);
        } finally {
            logger.detachAppender(logged);
        }

        broker = new EmbeddedBroker("127.0.0.1", port, dir).start();
        a.changeUntilSeenBy(b, 10);
        b.changeUntilSeenBy(a, 11);
    }
}

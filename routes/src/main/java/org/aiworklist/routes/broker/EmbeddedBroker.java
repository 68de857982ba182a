package org.aiworklist.routes.broker;

import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * An Apache ActiveMQ Artemis broker in this JVM, for trials and tests only (production uses the operator's
 * Artemis): persistent (messages survive a restart, journal under its folder), no login, one TCP acceptor on the
 * address given, the node's queues and the events topic created at start.
 */
public final class EmbeddedBroker implements AutoCloseable {
    /**
     * The queues the nodes use (new jobs, jobs whose results are ready to send) and where a message goes that could
     * not be consumed after {@link #MAX_DELIVERIES} tries (a job whose worker died each time: an operator looks).
     */
    private static final String DEAD_LETTERS = "aiworklist.dead";

    private static final String[] QUEUES = {"aiworklist.jobs", "aiworklist.results", DEAD_LETTERS};

    private static final int MAX_DELIVERIES = 10;

    /** Each node's changes, for every other node's pages: multicast, a subscription per node. */
    private static final String EVENTS_TOPIC = "aiworklist.events";

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    /**
     * @param host   address to listen on (127.0.0.1 for a trial on one machine)
     * @param folder journal, bindings, paging and large messages
     */
    public EmbeddedBroker(String host, int port, Path folder) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("aiworklist-trial-broker")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(folder.resolve("journal").toString())
                .setBindingsDirectory(folder.resolve("bindings").toString())
                .setPagingDirectory(folder.resolve("paging").toString())
                .setLargeMessagesDirectory(folder.resolve("large-messages").toString())
                .addAcceptorConfiguration("tcp", "tcp://" + host + ":" + port)
                // a job rolled back (its worker's transaction failed) comes again after a second, not at once
                .addAddressSetting(
                        "#",
                        new AddressSettings()
                                .setRedeliveryDelay(1000)
                                .setMaxDeliveryAttempts(MAX_DELIVERIES)
                                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                                .setExpiryAddress(SimpleString.of(DEAD_LETTERS)));
        for (String queue : QUEUES) {
            config.addQueueConfiguration(QueueConfiguration.of(queue)
                    .setRoutingType(RoutingType.ANYCAST)
                    .setDurable(true));
        }
        config.addAddressConfiguration(
                new CoreAddressConfiguration().setName(EVENTS_TOPIC).addRoutingType(RoutingType.MULTICAST));
        server.setConfiguration(config);
    }

    public EmbeddedBroker start() throws Exception {
        server.start();
        return this;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

package org.aiworklist.routes.camel;

import org.aiworklist.routes.config.NodeConfiguration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * The queues on the Artemis broker that carry work between node processes: jobs from the ingest node to the
 * inference workers, jobs with results from a worker to the export nodes. Messages carry only a job id; the job row
 * in the shared database is the truth. Beside them, a topic on which every node tells every other what changed, for
 * their open pages.
 */
public final class BrokerQueues {
    static final String JOBS = "aiworklist.jobs";
    static final String RESULTS = "aiworklist.results";
    private static final String COMPONENT = "jms";

    /**
     * A worker takes one job at a time, in a local JMS transaction committed only once the results are recorded: a
     * worker that dies mid-job (SIGKILL, lost machine) never commits, and the broker gives the job to another.
     * Without a transaction manager the listener container commits or rolls back the session itself.
     */
    static final String JOBS_CONSUMER = COMPONENT + ":queue:" + JOBS
            + "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER"
            + "&concurrentConsumers=1&maxConcurrentConsumers=1&recoveryInterval=1000";

    /** Sends with the message's JMSPriority header (the job's priority); Artemis delivers higher priorities first. */
    static final String JOBS_PRODUCER = COMPONENT + ":queue:" + JOBS + "?preserveMessageQos=true";
    /** Losing a results notice loses no delivery: the export timer claims every due export anyway. */
    static final String RESULTS_CONSUMER =
            COMPONENT + ":queue:" + RESULTS + "?concurrentConsumers=1&recoveryInterval=1000";

    static final String RESULTS_PRODUCER = COMPONENT + ":queue:" + RESULTS;

    static final String EVENTS = "aiworklist.events";
    /**
     * Each node's own subscription, gone while it is away: a change told to nobody is not kept, since a page reads
     * what it shows whenever it loads it.
     */
    static final String EVENTS_CONSUMER = COMPONENT + ":topic:" + EVENTS + "?recoveryInterval=1000";

    /** Not persistent: the broker keeps no journal of what was only ever a nudge. */
    static final String EVENTS_PRODUCER = COMPONENT + ":topic:" + EVENTS + "?deliveryPersistent=false";

    private BrokerQueues() {}

    /** Registers the broker connection as Camel's "jms" component. */
    public static void install(CamelContext camel, NodeConfiguration.Broker broker) {
        ActiveMQConnectionFactory factory =
                new ActiveMQConnectionFactory(broker.url(), broker.user(), broker.password());
        // No prefetch: a job waits on the broker until a worker is free, so idle workers get work and a dead
        // worker holds at most the one job it was running.
        factory.setConsumerWindowSize(0);
        JmsComponent jms = new JmsComponent();
        // Listeners keep their own connection (and re-open it after a broker restart); senders share one cached
        // connection instead of opening one per message, and drop it on a connection error.
        jms.setConnectionFactory(factory);
        jms.setListenerConnectionFactory(factory);
        jms.setTemplateConnectionFactory(new CachingConnectionFactory(factory));
        camel.addComponent(COMPONENT, jms);
    }
}

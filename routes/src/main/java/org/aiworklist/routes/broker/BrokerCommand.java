package org.aiworklist.routes.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code aiworklist broker [--host H] [--port P] [--data DIR]}: a trial broker until SIGTERM. */
public final class BrokerCommand {
    private BrokerCommand() {}

    public static void run(Map<String, String> options) throws Exception {
        String host = options.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(options.getOrDefault("port", "61616"));
        Path data = Path.of(options.getOrDefault("data", "var/broker"));
        EmbeddedBroker broker = new EmbeddedBroker(host, port, data).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                broker.close();
                            } catch (Exception e) {
                                System.err.println("aiworklist: broker stop failed: " + e);
                            }
                            stopped.countDown();
                        },
                        "broker-stop"));
        System.out.println("aiworklist: trial broker on tcp://" + host + ":" + port + " (data in " + data
                + "); for trials and tests only, no login");
        stopped.await();
    }
}

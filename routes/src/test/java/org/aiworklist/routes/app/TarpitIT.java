package org.aiworklist.routes.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A destination that accepts TCP connections and never answers (a hung PACS) delays no other destination: results
 * reach Orthanc about as fast beside it as without it. The tarpit holds each attempt for the whole ARTIM timeout
 * (30 s), so a node that sends to every destination from one queue fails this by far.
 */
class TarpitIT implements NeedsOrthanc {
    private static final Duration ALLOWED_DELAY = Duration.ofSeconds(10);

    @Test
    void aHungDestinationDoesNotDelayDeliveryToAnother(@TempDir Path dir) throws Exception {
        int orthancPort = NodeHarness.freePort();
        try (OrthancPacs orthanc = new OrthancPacs(dir.resolve("orthanc"), orthancPort).start(Map.of(), false)) {
            NodeHarness alone = harness(dir.resolve("alone"), orthancPort);
            Duration without;
            try (NodeApplication node = new NodeApplication(alone.config())) {
                node.start();
                without = deliveryToOrthanc(alone, node, orthanc, 414_141);
            }

            NodeHarness beside = harness(dir.resolve("beside"), orthancPort);
            Duration with;
            try (Tarpit tarpit = new Tarpit()) {
                beside.configFile = withTarpit(beside.dir, tarpit.port());
                // closed in reverse: the tarpit first, so hung attempts end and the node stops quickly
                try (NodeApplication node = new NodeApplication(beside.config());
                        tarpit) {
                    node.start();
                    // two studies: the second's delivery must not wait behind the first one's hung attempt either
                    with = deliveryToOrthanc(beside, node, orthanc, 424_242, 434_343);
                    assertTrue(tarpit.connections() >= 1, "the tarpit was tried");
                }
            }
            System.out.printf(
                    "TARPIT delivery to Orthanc: without tarpit %d ms, beside it %d ms%n",
                    without.toMillis(), with.toMillis());
            assertTrue(
                    with.minus(without).compareTo(ALLOWED_DELAY) < 0,
                    "delivery to Orthanc took " + with.toMillis() + " ms beside a hung destination, "
                            + without.toMillis() + " ms without it");
        }
    }

    /**
     * The default configuration with a second destination, the tarpit, which the rule lists first: an export of
     * the same job to it, queued ahead of Orthanc's, must not hold that up either.
     */
    private static Path withTarpit(Path dir, int port) throws IOException {
        String yaml = Files.readString(Path.of("../conf/aiworklist.yaml"));
        String rule = "    destinations: [pacs]\n";
        String end = "\nassembly:\n";
        assertTrue(yaml.contains(rule) && yaml.contains(end), "the default configuration's shape changed");
        yaml = yaml.replace(rule, "    destinations: [tarpit, pacs]\n")
                .replace(
                        end,
                        "  - name: tarpit\n" + "    aeTitle: TARPIT\n    host: 127.0.0.1\n    port: " + port + "\n"
                                + end);
        Path file = dir.resolve("aiworklist.yaml");
        Files.createDirectories(dir);
        Files.writeString(file, yaml);
        return file;
    }

    private static NodeHarness harness(Path dir, int orthancPort) throws IOException {
        NodeHarness harness = new NodeHarness(dir, OrthancPacs.AE_TITLE, orthancPort);
        harness.env.put("AIWORKLIST_ASSEMBLY_QUIETPERIODSECONDS", "2");
        return harness;
    }

    /** Sends the studies at once; returns the longest time from results ready to stored at Orthanc. */
    private static Duration deliveryToOrthanc(
            NodeHarness harness, NodeApplication node, OrthancPacs orthanc, long... seeds) throws Exception {
        List<SyntheticStudy> studies = new ArrayList<>();
        for (long seed : seeds) {
            SyntheticStudy study = harness.study(seed);
            harness.send(study, node.dicomPort());
            studies.add(study);
        }
        Duration longest = Duration.ZERO;
        for (SyntheticStudy study : studies) {
            JsonNode job = harness.awaitJob(study.studyInstanceUid(), sentTo("pacs"), Duration.ofSeconds(90));
            JsonNode export = export(job, "pacs");
            assertEquals("SENT", export.path("state").asText(), job.toString());
            assertTrue(
                    orthanc.seriesOf(study.studyInstanceUid()).stream()
                            .anyMatch(s -> s.getKey().equals("SR")),
                    "the SR is at Orthanc");
            Duration delivery = Duration.between(
                    Instant.parse(job.path("resultsReadyAt").asText()),
                    Instant.parse(export.path("sentAt").asText()));
            longest = delivery.compareTo(longest) > 0 ? delivery : longest;
        }
        return longest;
    }

    private static Predicate<JsonNode> sentTo(String destination) {
        return job -> "SENT".equals(export(job, destination).path("state").asText());
    }

    private static JsonNode export(JsonNode job, String destination) {
        for (JsonNode export : job.path("exports")) {
            if (destination.equals(export.path("destination").asText())) {
                return export;
            }
        }
        return job.path("none");
    }

    /** Accepts TCP connections on 127.0.0.1 and never sends a byte; closing it closes every connection. */
    private static final class Tarpit implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor = new Thread(this::acceptForever, "tarpit");

        Tarpit() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return accepted.size();
        }

        private void acceptForever() {
            try {
                while (!server.isClosed()) {
                    accepted.add(server.accept());
                }
            } catch (IOException closed) {
                // close() ends the loop
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
            acceptor.join(5_000);
        }
    }
}

package org.aiworklist.routes.app;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.aiworklist.routes.broker.BrokerCommand;
import org.aiworklist.routes.config.ConfigException;
import org.aiworklist.routes.config.ConfigurationLoader;
import org.aiworklist.routes.config.NodeConfiguration;

/** Command line entry: demo, serve, synth, engines, models, broker. Errors end in one line and a non-zero exit code. */
public final class AiWorklist {
    static final Path DEFAULT_CONFIG = Path.of("conf/aiworklist.yaml");

    private AiWorklist() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 0) {
            fail("usage: aiworklist demo|serve|synth|engines|models|broker [options]");
        }
        try {
            if ("models".equals(args[0])) {
                // models SUBCOMMAND NAME [--option value ...]
                List<String> rest = Arrays.asList(args).subList(1, args.length);
                int words = Math.min(2, rest.size());
                ModelsCommand.run(rest.subList(0, words), options(rest.subList(words, rest.size())));
                return;
            }
            Map<String, String> options = options(Arrays.asList(args).subList(1, args.length));
            switch (args[0]) {
                case "serve" -> serve(config(options));
                case "demo" -> System.exit(new DemoRun(config(options)).run());
                case "synth" -> SynthCommand.run(options);
                case "engines" -> System.out.print(InstalledModels.describeEngines(config(options)));
                case "broker" -> BrokerCommand.run(options);
                default -> fail("unknown command '" + args[0] + "': use demo, serve, synth, engines, models or broker");
            }
        } catch (ConfigException | IllegalArgumentException e) {
            fail(e.getMessage());
        } catch (Exception e) {
            fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static void serve(NodeConfiguration config) throws Exception {
        NodeApplication node = new NodeApplication(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            node.close();
                            stopped.countDown();
                        },
                        "graceful-stop"));
        node.start();
        stopped.await();
    }

    static NodeConfiguration config(Map<String, String> options) {
        return ConfigurationLoader.load(
                Path.of(options.getOrDefault("config", DEFAULT_CONFIG.toString())), System.getenv());
    }

    /** "--name value" pairs; a flag without a value is an error. */
    static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || i + 1 >= args.size()) {
                throw new IllegalArgumentException("expected '--option value', got '" + a + "'");
            }
            options.put(a.substring(2), args.get(++i));
        }
        return options;
    }

    private static void fail(String message) {
        System.err.println("aiworklist: " + message);
        System.exit(2);
    }
}

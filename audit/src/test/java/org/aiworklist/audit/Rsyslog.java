package org.aiworklist.audit;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.aiworklist.common.FreePorts;

/**
 * A real syslog receiver for tests: Debian's rsyslogd, started on 127.0.0.1 with its own configuration, taking
 * RFC 5425 (TLS, octet-counted, client certificate required: gtls x509/certvalid) and RFC 5426 (UDP), each into
 * its own file, one message's MSG a line. Public for routes' end-to-end audit test.
 */
public final class Rsyslog implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/rsyslogd");
    private static final Path GTLS = Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so");

    public final int tlsPort;
    public final int udpPort;
    private final Path dir;
    private final Path config;
    private Process process;

    /**
     * @param certificate, privateKey its server identity (PEM); {@code trusted} the authority of clients' certificates
     */
    public Rsyslog(Path dir, Path certificate, Path privateKey, Path trusted) throws Exception {
        if (!Files.isExecutable(BINARY) || !Files.exists(GTLS)) {
            throw new IllegalStateException(
                    "rsyslogd with its gtls driver is needed: apt-get install rsyslog rsyslog-gnutls");
        }
        this.dir = Files.createDirectories(dir);
        this.tlsPort = FreePorts.tcp();
        this.udpPort = FreePorts.udp();
        this.config = dir.resolve("rsyslog.conf");
        Files.writeString(
                config, """
                global(workDirectory="%1$s" maxMessageSize="64k"
                  defaultNetstreamDriverCAFile="%2$s"
                  defaultNetstreamDriverCertFile="%3$s"
                  defaultNetstreamDriverKeyFile="%4$s")
                module(load="imtcp" streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="x509/certvalid")
                module(load="imudp")
                template(name="msg" type="string" string="%%msg%%\\n")
                ruleset(name="tls") { action(type="omfile" file="%1$s/tls.log" template="msg") }
                ruleset(name="udp") { action(type="omfile" file="%1$s/udp.log" template="msg") }
                input(type="imtcp" address="127.0.0.1" port="%5$d" ruleset="tls")
                input(type="imudp" address="127.0.0.1" port="%6$d" ruleset="udp")
                """.formatted(dir.toAbsolutePath(), trusted, certificate, privateKey, tlsPort, udpPort));
        start();
    }

    /** Starts rsyslogd again after {@link #stop} (an outage), on the same ports. */
    public void start() throws Exception {
        process = new ProcessBuilder(
                        BINARY.toString(),
                        "-n",
                        "-f",
                        config.toString(),
                        "-i",
                        dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("rsyslogd.out").toFile())
                .start();
        waitForTls();
    }

    /** The XML messages received over TLS, in order. */
    public List<String> tlsMessages() throws IOException {
        return messages(dir.resolve("tls.log"));
    }

    public List<String> udpMessages() throws IOException {
        return messages(dir.resolve("udp.log"));
    }

    /** Waits (at most {@code timeout}) until {@code until} holds for the messages received over TLS. */
    public List<String> awaitTls(Predicate<List<String>> until, Duration timeout) throws Exception {
        return await(() -> tlsMessages(), until, timeout);
    }

    public List<String> awaitUdp(Predicate<List<String>> until, Duration timeout) throws Exception {
        return await(() -> udpMessages(), until, timeout);
    }

    /** Stops the receiver (for an outage); {@link #start} brings it back. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private interface Read {
        List<String> get() throws IOException;
    }

    private static List<String> await(Read read, Predicate<List<String>> until, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        List<String> got = read.get();
        while (!until.test(got) && System.nanoTime() < end) {
            Thread.sleep(100);
            got = read.get();
        }
        return got;
    }

    private static List<String> messages(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String xml = line.strip().replace("\uFEFF", "");
            if (!xml.isEmpty()) {
                out.add(xml);
            }
        }
        return out;
    }

    private void waitForTls() throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rsyslogd exited: " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), tlsPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("rsyslogd did not listen on " + tlsPort);
    }
}

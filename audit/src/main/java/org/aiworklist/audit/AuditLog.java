package org.aiworklist.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aiworklist.common.audit.AuditEvent;
import org.aiworklist.common.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's audit trail. {@link #record} only puts the event in a bounded queue, so it never blocks or slows the
 * thread that calls it (a C-STORE's acknowledgement, an HTTP answer). A writer thread turns each event into a DICOM
 * audit message and appends it to the local file; a sender thread sends the file's messages on to syslog, keeping
 * up to {@code backlog} of them while syslog is unreachable and retrying, so a syslog outage loses nothing from the
 * file and, within the backlog, nothing from syslog. What is lost is counted: {@link #dropped()} (queue full, in
 * neither) and {@link #syslogDropped()} (backlog full, file only). Messages carry patient identifiers: they never
 * go to the application log, which only says that something failed.
 */
public final class AuditLog implements AuditTrail, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final BlockingQueue<AuditEvent> events;
    private final BlockingQueue<byte[]> toSyslog;
    private final AuditMessageWriter messages;
    private final SyslogMessage syslogFormat = new SyslogMessage("aiworklist");
    private final AuditFile file;
    private final SyslogTransport syslog;
    private final Thread writer;
    private final Thread sender;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong syslogDropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closing;

    /** Starts the writer (and sender) threads; {@code sourceId} is the node's device name (AuditSourceID). */
    public AuditLog(String sourceId, Settings settings) throws IOException {
        this.messages = new AuditMessageWriter(sourceId);
        this.events = new ArrayBlockingQueue<>(settings.queue());
        this.toSyslog = new ArrayBlockingQueue<>(settings.backlog());
        this.file = new AuditFile(settings.file(), settings.maxFileBytes(), settings.keptFiles());
        this.syslog = settings.syslog();
        this.writer = daemon("audit-writer", this::writeLoop);
        this.sender = syslog == null ? null : daemon("audit-syslog", this::sendLoop);
    }

    /**
     * Where the messages go and how many may wait.
     *
     * @param file         the local audit file, rotated at {@code maxFileBytes}, {@code keptFiles} old ones kept
     * @param syslog       null: file only
     * @param queue        events waiting for the writer
     * @param backlog      messages waiting for syslog
     */
    public record Settings(
            Path file, long maxFileBytes, int keptFiles, SyslogTransport syslog, int queue, int backlog) {
        public Settings {
            if (maxFileBytes < 1 || keptFiles < 1 || queue < 1 || backlog < 1) {
                throw new IllegalArgumentException("audit file size, kept files, queue and backlog must be positive");
            }
        }
    }

    @Override
    public void record(AuditEvent event) {
        if (closing || !events.offer(event)) {
            dropped.incrementAndGet();
        }
    }

    /** Events lost before being written anywhere (the queue was full, or the node was stopping). */
    public long dropped() {
        return dropped.get();
    }

    /** Messages in the file that syslog never got (its backlog was full while it was unreachable). */
    public long syslogDropped() {
        return syslogDropped.get();
    }

    public long written() {
        return written.get();
    }

    public long sent() {
        return sent.get();
    }

    /** Messages waiting for syslog. */
    public int syslogBacklog() {
        return toSyslog.size();
    }

    /** Writes what is queued, gives syslog a few seconds to take its backlog, then stops. */
    @Override
    public void close() {
        closing = true;
        join(writer);
        if (sender != null) {
            join(sender);
            syslog.close();
        }
        try {
            file.close();
        } catch (IOException e) {
            log.warn("audit file not closed: {}", e.toString());
        }
    }

    private void writeLoop() {
        boolean failing = false;
        while (!(closing && events.isEmpty())) {
            AuditEvent event;
            try {
                event = events.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (event == null) {
                continue;
            }
            String xml = messages.write(event);
            try {
                file.append(xml);
                written.incrementAndGet();
                failing = false;
            } catch (IOException e) {
                if (!failing) { // once per outage: the exception names the file, never the message
                    log.warn("audit file cannot be written: {}", e.toString());
                }
                failing = true;
            }
            if (syslog != null) {
                byte[] message = syslogFormat.frame(event.at(), xml);
                while (!toSyslog.offer(message)) {
                    if (toSyslog.poll() != null) { // the oldest goes: the file has it
                        syslogDropped.incrementAndGet();
                    }
                }
            }
        }
    }

    private void sendLoop() {
        Duration wait = FIRST_RETRY;
        long stopBy = Long.MAX_VALUE;
        byte[] message = null;
        while (System.nanoTime() < stopBy) {
            if (closing && stopBy == Long.MAX_VALUE) {
                join(writer);
                stopBy = System.nanoTime() + CLOSE_GRACE.toNanos();
            }
            try {
                if (message == null) {
                    message = toSyslog.poll(100, TimeUnit.MILLISECONDS);
                    if (message == null) {
                        if (closing && !writer.isAlive()) { // the writer may still be offering the last ones
                            return;
                        }
                        continue;
                    }
                }
                syslog.send(message);
                sent.incrementAndGet();
                message = null;
                wait = FIRST_RETRY;
            } catch (IOException e) {
                if (wait.equals(FIRST_RETRY)) {
                    log.warn("audit syslog unreachable, retrying (the audit file has every message): {}", e.toString());
                }
                sleep(closing ? Duration.ofMillis(100) : wait);
                wait = wait.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait.multipliedBy(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (message != null) {
            syslogDropped.incrementAndGet();
        }
        syslogDropped.addAndGet(toSyslog.size());
    }

    private static Thread daemon(String name, Runnable loop) {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t) {
        try {
            t.join(CLOSE_GRACE.multipliedBy(2).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

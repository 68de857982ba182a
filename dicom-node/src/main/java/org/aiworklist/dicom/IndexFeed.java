package org.aiworklist.dicom;

import com.pixelmed.dicom.DicomException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link InstanceSink} from the spool, off the acknowledgement path: a C-STORE is answered once its
 * file and its {@code .pending} marker are fsynced, and one thread hands what was acknowledged to the sink in
 * batches (one transaction each), removing the markers of what the sink recorded. What a crash leaves marked is
 * recorded by {@link #start} before the SCP listens again, and after a crash whatever the sink lacks of the whole
 * spool. The sink is told each instance at least once, so it must recognise a repeat (the index does, by content
 * hash).
 */
final class IndexFeed implements AutoCloseable {
    /** Test hook: the feed takes instances but records none, so a test can kill the node in between. */
    static final String HOLD_PROPERTY = "aiworklist.test.holdIndexFeed";

    private static final Logger log = LoggerFactory.getLogger(IndexFeed.class);
    private static final int CAPACITY = 2048;
    private static final int BATCH = 256;
    private static final long IDLE_POLL_MS = 200;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final Spool spool;
    private final InstanceSink sink;
    private final IngestLimits limits;
    private final long gatherNanos;
    private final boolean hold = Boolean.getBoolean(HOLD_PROPERTY);
    private final BlockingQueue<ReceivedInstance> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private final Object progress = new Object();
    private long submitted;
    private long recorded;
    private volatile boolean stopping;

    IndexFeed(Spool spool, InstanceSink sink, IngestLimits limits) {
        this.spool = spool;
        this.sink = sink;
        this.limits = limits;
        this.gatherNanos = sink.batchWindow().toNanos();
        this.thread = DaemonThreads.named("spool-index-feed", this::run);
    }

    /**
     * Records what an earlier run acknowledged but did not index, then starts feeding. After a crash also every spool
     * file the sink lacks ({@code checkWholeSpool}): embedded H2 can lose commits to a kill -9 that it had already
     * reported done, so records whose pending marks were removed can be gone too.
     */
    void start(boolean checkWholeSpool) throws IOException {
        List<Path> marked = spool.pending();
        if (!marked.isEmpty()) {
            log.info("indexing {} instances acknowledged before the last stop", marked.size());
            for (int i = 0; i < marked.size(); i += BATCH) {
                recordFiles(marked.subList(i, Math.min(marked.size(), i + BATCH)));
            }
        }
        if (checkWholeSpool) {
            long t0 = System.nanoTime();
            long indexed = indexWhatTheSinkLacks();
            log.info(
                    "spool checked against the index after an unclean stop in {} ms: {} files indexed again",
                    (System.nanoTime() - t0) / 1_000_000,
                    indexed);
        }
        thread.start();
    }

    private long indexWhatTheSinkLacks() throws IOException {
        long[] indexed = {0};
        Map<String, Path> batch = new HashMap<>();
        spool.forEachFile(file -> {
            batch.put(Spool.sha256Of(file), file);
            if (batch.size() == BATCH) {
                indexed[0] += indexLacking(batch);
                batch.clear();
            }
        });
        return indexed[0] + indexLacking(batch);
    }

    private int indexLacking(Map<String, Path> byContentHash) throws IOException {
        if (byContentHash.isEmpty()) {
            return 0;
        }
        Set<String> lacking;
        try {
            lacking = sink.lacking(byContentHash.keySet());
        } catch (Exception e) {
            throw new IOException("the index cannot be checked against the spool", e);
        }
        List<ReceivedInstance> batch = new ArrayList<>(lacking.size());
        for (String sha : lacking) {
            Path file = byContentHash.get(sha);
            // without a pending mark it may be what a power cut left of a file renamed before its fsync, which was
            // never acknowledged: only bytes that still hash to the name are indexed
            if (!Spool.holdsDataSet(file, sha)) {
                log.warn("spool file {} not indexed: its data set does not hash to its name", file.getFileName());
                continue;
            }
            try {
                batch.add(read(file));
            } catch (IOException e) {
                // the class only: a parser message can quote the data set
                log.warn(
                        "spool file {} not indexed: {}",
                        file.getFileName(),
                        e.getClass().getName());
            }
        }
        recordAtStart(batch, "spool files the index lacked");
        return batch.size();
    }

    private void recordFiles(List<Path> files) throws IOException {
        List<ReceivedInstance> batch = new ArrayList<>(files.size());
        for (Path file : files) {
            batch.add(read(file));
        }
        recordAtStart(batch, "instances acknowledged before the last stop");
    }

    private void recordAtStart(List<ReceivedInstance> batch, String what) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        try {
            record(batch);
        } catch (Exception e) {
            throw new IOException("index refused " + what, e);
        }
    }

    /** Hands an acknowledged instance to the feed; waits while the feed is {@link #CAPACITY} behind. */
    void submit(ReceivedInstance instance) throws InterruptedException {
        synchronized (progress) {
            submitted++;
        }
        queue.put(instance);
    }

    /** Room for more: a feed far behind (the index slow or down) makes the SCP answer A700 until it catches up. */
    boolean hasRoom() {
        return queue.remainingCapacity() > CAPACITY / 4;
    }

    /** Waits until everything submitted so far is recorded by the sink; false when {@code timeout} passed first. */
    boolean awaitRecorded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            long target = submitted;
            while (recorded < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /** Records what is queued unless the sink fails (then the markers stay for the next start). */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<ReceivedInstance> batch = new ArrayList<>(BATCH);
        long backoffMs = 0;
        while (!(stopping && (hold || (batch.isEmpty() && queue.isEmpty())))) {
            try {
                if (hold) {
                    Thread.sleep(IDLE_POLL_MS);
                    continue;
                }
                if (batch.isEmpty()) {
                    ReceivedInstance first = queue.poll(IDLE_POLL_MS, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    gather(batch);
                }
                // after a refusal one at a time: what the index takes is recorded while it retries, not all or none
                List<ReceivedInstance> part = backoffMs > 0 ? batch.subList(0, 1) : batch;
                record(part);
                part.clear();
                if (batch.isEmpty()) {
                    backoffMs = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // the class only: database messages can quote the row's values, patient name included
                backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(100, backoffMs * 2));
                log.warn(
                        "index refused acknowledged instances (kept in the spool, {} waiting, retried in {} ms): {}",
                        batch.size() + queue.size(),
                        backoffMs,
                        e.getClass().getName());
                if (stopping) {
                    return; // their markers stay: the next start records them
                }
                sleep(backoffMs);
            }
        }
    }

    /**
     * Fills the batch with what arrives within the sink's {@link InstanceSink#batchWindow} of its first instance: a
     * transaction per few instances cost the index more CPU than receiving them (one sender alone arrives about every
     * 3 to 5 ms), and on a small machine that CPU is taken from the acknowledgement path. The study waits seconds to
     * complete anyway.
     */
    private void gather(List<ReceivedInstance> batch) throws InterruptedException {
        long deadline = System.nanoTime() + gatherNanos;
        queue.drainTo(batch, BATCH - batch.size());
        while (batch.size() < BATCH && !stopping) {
            long left = deadline - System.nanoTime();
            ReceivedInstance next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, BATCH - batch.size());
        }
    }

    private void record(List<ReceivedInstance> batch) throws Exception {
        sink.acceptAll(batch);
        spool.indexed(batch.stream().map(ReceivedInstance::file).toList());
        synchronized (progress) {
            recorded += batch.size();
            progress.notifyAll();
        }
    }

    /** An acknowledged spool file as the sink sees it; the caller's host is not kept in the file. */
    private ReceivedInstance read(Path file) throws IOException {
        Part10File part10 = Part10File.read(file);
        String ts = part10.transferSyntaxUid();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long headerLength = DataSetFraming.check(dataSet(channel, part10), part10.dataSetLength(), ts, limits);
            InstanceAttributes attributes = InstanceAttributes.read(dataSet(channel, part10), ts, headerLength);
            String name = file.getFileName().toString();
            return new ReceivedInstance(
                    file,
                    part10.sourceAeTitle(),
                    null,
                    ts,
                    attributes,
                    name.substring(0, name.length() - ".dcm".length()),
                    part10.dataSetLength());
        } catch (DicomException e) {
            throw new IOException("acknowledged spool file " + file.getFileName() + " no longer parses", e);
        }
    }

    private static SpooledDataSetStream dataSet(FileChannel channel, Part10File part10) {
        return new SpooledDataSetStream(new byte[0], 0, channel, part10.dataSetOffset(), part10.dataSetLength());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

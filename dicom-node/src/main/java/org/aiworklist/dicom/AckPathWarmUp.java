package org.aiworklist.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the acknowledgement path's own work on a synthetic CT slice before the SCP listens: spool file, content
 * digest, framing check and header parse, each as a C-STORE does them but without the commit; then, on a thread
 * beside the SCP, thousands of rounds of the per-instance CPU work on a small slice. The first studies after start-up
 * then find that code loaded and compiled instead of paying for it on every sender's wait.
 */
final class AckPathWarmUp {
    private static final Logger log = LoggerFactory.getLogger(AckPathWarmUp.class);
    /** Full-size rounds: the classes load and the paths that scale with the data set (digest, writes) compile. */
    private static final int FULL_ROUNDS = 20;
    /**
     * Framing check and header parse rounds on a small slice, in memory: that code runs once per C-STORE, so a
     * study of 300 slices leaves it interpreted or in C1 for many studies; this many rounds reach C2's thresholds
     * (measured: header parse 0.58 ms per instance in the first study, 0.12 to 0.2 ms once compiled).
     */
    private static final int SMALL_ROUNDS = 3000;
    /** Data set bytes handed over per call, as PDVs of a 16 KiB PDU would be. */
    private static final int CHUNK = 16_368;

    private AckPathWarmUp() {}

    /** Best effort: a failure is logged and the SCP starts all the same, only colder. */
    static void run(Spool spool, IngestLimits limits) {
        long t0 = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("aiworklist-warm-up");
            Part10File full = Part10File.read(syntheticSlice(dir, 512));
            byte[] fullDataSet = dataSetOf(full);
            for (int i = 0; i < FULL_ROUNDS; i++) {
                spooled(spool, limits, full, fullDataSet);
            }
            Part10File small = Part10File.read(syntheticSlice(dir, 16));
            compileInBackground(small, dataSetOf(small), limits);
            log.info("acknowledgement path warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            log.warn("acknowledgement path not warmed up: {}", e.toString());
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * The small rounds run beside the SCP rather than before it listens: they are CPU only (no file), and a start-up
     * that waited for them would be half a second longer for every sender and test.
     */
    private static void compileInBackground(Part10File slice, byte[] dataSet, IngestLimits limits) {
        DaemonThreads.named("ack-path-warm-up", () -> compileRounds(slice, dataSet, limits))
                .start();
    }

    /** The command set decoded and answered, the framing check and the header parse, {@link #SMALL_ROUNDS} times. */
    private static void compileRounds(Part10File slice, byte[] dataSet, IngestLimits limits) {
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < SMALL_ROUNDS; i++) {
                byte[] rq = CommandSet.storeRequest(i, slice.sopClassUid(), slice.sopInstanceUid())
                        .encode();
                CommandSet.decode(rq, rq.length).response(DimseStatus.SUCCESS).encode();
                parsed(() -> new ByteArrayInputStream(dataSet), dataSet.length, slice.transferSyntaxUid(), limits);
            }
            log.debug("C-STORE checks compiled ahead in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            log.warn("C-STORE checks not compiled ahead: {}", e.toString());
        }
    }

    /** One C-STORE's work short of the commit: spool file, digest, framing check, header parse. */
    private static void spooled(Spool spool, IngestLimits limits, Part10File part10, byte[] dataSet) throws Exception {
        String ts = part10.transferSyntaxUid();
        Spool.Incoming in = spool.begin(part10.sopClassUid(), part10.sopInstanceUid(), ts, "WARM_UP");
        try {
            for (int off = 0; off < dataSet.length; off += CHUNK) {
                in.write(dataSet, off, Math.min(CHUNK, dataSet.length - off));
            }
            in.sha256();
            parsed(in::dataSet, in.size(), ts, limits);
        } finally {
            spool.discard(in);
        }
    }

    /** The framing check and the header parse, each on the data set from its start. */
    private static void parsed(Supplier<InputStream> dataSet, long size, String ts, IngestLimits limits)
            throws Exception {
        long headerLength = DataSetFraming.check(dataSet.get(), size, ts, limits);
        InstanceAttributes.read(dataSet.get(), ts, headerLength).unusableIdentifiers();
    }

    private static byte[] dataSetOf(Part10File part10) throws IOException {
        byte[] all = Files.readAllBytes(part10.path());
        return Arrays.copyOfRange(all, (int) part10.dataSetOffset(), all.length);
    }

    private static Path syntheticSlice(Path dir, int size) throws IOException {
        short[] hu = new short[size * size];
        Arrays.fill(hu, (short) -1000);
        SeriesSlice slice = new SeriesSlice(
                hu, size, size, new double[] {0, 0, 0}, new double[] {1, 0, 0, 0, 1, 0}, new double[] {0.7, 0.7}, 1.25);
        return CtSeriesWriter.builder(
                        new CtSeriesWriter.Patient("Warm^Up", "WARMUP", LocalDate.of(2000, 1, 1), "O"),
                        new CtSeriesWriter.Study("WARMUP", "warm-up", LocalDateTime.now(ZoneId.systemDefault())))
                .build()
                .write(List.of(slice), dir)
                .files()
                .get(0);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.debug("warm-up folder not removed: {}", e.toString());
        }
    }
}

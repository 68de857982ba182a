package org.aiworklist.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the acknowledgement path's own work on a synthetic CT slice before the SCP listens: spool file, content
 * digest, framing check and header parse, each as a C-STORE does them but without the commit. The first study after
 * start-up then finds those classes loaded and compiled instead of paying for it on every sender's wait.
 */
final class AckPathWarmUp {
    private static final Logger log = LoggerFactory.getLogger(AckPathWarmUp.class);
    private static final int ROUNDS = 20;
    private static final int SIZE = 512;
    /** Data set bytes handed over per call, as PDVs of a 16 KiB PDU would be. */
    private static final int CHUNK = 16_368;

    private AckPathWarmUp() {}

    /** Best effort: a failure is logged and the SCP starts all the same, only colder. */
    static void run(Spool spool, IngestLimits limits) {
        long t0 = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("aiworklist-warm-up");
            Path file = syntheticSlice(dir);
            Part10File part10 = Part10File.read(file);
            byte[] all = Files.readAllBytes(file);
            byte[] dataSet = Arrays.copyOfRange(all, (int) part10.dataSetOffset(), all.length);
            String ts = part10.transferSyntaxUid();
            for (int i = 0; i < ROUNDS; i++) {
                Spool.Incoming in = spool.begin(part10.sopClassUid(), part10.sopInstanceUid(), ts, "WARM_UP");
                try {
                    for (int off = 0; off < dataSet.length; off += CHUNK) {
                        in.write(dataSet, off, Math.min(CHUNK, dataSet.length - off));
                    }
                    long headerLength = DataSetFraming.check(in.dataSet(), in.size(), ts, limits);
                    InstanceAttributes.read(in.dataSet(), ts, headerLength).unusableIdentifiers();
                    in.sha256();
                } finally {
                    spool.discard(in);
                }
            }
            log.info("acknowledgement path warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            log.warn("acknowledgement path not warmed up: {}", e.toString());
        } finally {
            deleteQuietly(dir);
        }
    }

    private static Path syntheticSlice(Path dir) throws IOException {
        short[] hu = new short[SIZE * SIZE];
        Arrays.fill(hu, (short) -1000);
        SeriesSlice slice = new SeriesSlice(
                hu, SIZE, SIZE, new double[] {0, 0, 0}, new double[] {1, 0, 0, 0, 1, 0}, new double[] {0.7, 0.7}, 1.25);
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

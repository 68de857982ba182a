package org.aiworklist.dicom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.aiworklist.dicom.AssociationLimits;
import org.aiworklist.dicom.CtSeriesWriter;
import org.aiworklist.dicom.RemoteApplicationEntity;
import org.aiworklist.dicom.SeriesSlice;
import org.aiworklist.dicom.StorageScp;
import org.aiworklist.dicom.StorageScpConfig;
import org.aiworklist.dicom.StorageScu;
import org.aiworklist.dicom.Verification;

/**
 * Helpers for bench/ingest-bench.sh (the script drives storescu and storescp and does the timing of bulk ingest):
 * <ul>
 *   <li>{@code synth DIR SLICES SIZE}: writes a CT series</li>
 *   <li>{@code scp PORT WORKDIR fsync|write}: runs our Storage SCP (AE AIW_BENCH) with a sink that appends a
 *       record per instance to a log, fdatasync'ed or only written, until stdin closes</li>
 *   <li>{@code client DIR N AE:PORT...}: per peer, median association set-up (C-ECHO on a new
 *       association) and single-store round trip (new association, one C-STORE, release) over N tries, in ms;
 *       each try stores the next file of DIR, so that each store is a new instance, not a duplicate</li>
 *   <li>{@code floor WORKDIR BYTES N}: what the disk alone costs per instance ({@link DiskFloor})</li>
 * </ul>
 */
public final class IngestBench {
    private static final int WARM_UP = 50;

    private IngestBench() {}

    private static RemoteApplicationEntity peer(String aeAndPort) {
        String[] p = aeAndPort.split(":", -1);
        return new RemoteApplicationEntity(p[0], "127.0.0.1", Integer.parseInt(p[1]));
    }

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "synth" -> synth(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "scp" -> scp(Integer.parseInt(args[1]), Path.of(args[2]), "fsync".equals(args[3]));
            case "client" ->
                client(
                        Arrays.stream(args, 3, args.length)
                                .map(IngestBench::peer)
                                .toList(),
                        Path.of(args[1]),
                        Integer.parseInt(args[2]));
            case "floor" -> DiskFloor.run(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            default -> {
                System.err.println("usage: synth DIR SLICES SIZE | scp PORT WORKDIR fsync|write"
                        + " | client DIR N AE:PORT... | floor WORKDIR BYTES N");
                System.exit(2);
            }
        }
    }

    private static void synth(Path dir, int slices, int size) throws IOException {
        List<SeriesSlice> list = new ArrayList<>();
        for (int z = 0; z < slices; z++) {
            short[] hu = new short[size * size];
            for (int i = 0; i < hu.length; i++) {
                int x = i % size - size / 2;
                int y = i / size - size / 2;
                hu[i] = (short) (x * x + y * y < size * size / 5 ? 40 + (i * 7 + z) % 60 : -1000);
            }
            list.add(new SeriesSlice(
                    hu,
                    size,
                    size,
                    new double[] {-180, -180, z * 1.25},
                    new double[] {1, 0, 0, 0, 1, 0},
                    new double[] {0.7, 0.7},
                    1.25));
        }
        CtSeriesWriter.builder(
                        new CtSeriesWriter.Patient("Bench^Patient", "BENCH1", LocalDate.of(1950, 1, 1), "O"),
                        new CtSeriesWriter.Study("BENCH1", "CT bench", LocalDateTime.now(ZoneId.systemDefault())))
                .build()
                .write(list, dir);
    }

    private static void scp(int port, Path work, boolean fsyncSink) throws Exception {
        Files.createDirectories(work);
        try (IndexLogSink sink = new IndexLogSink(work.resolve("index.log"), fsyncSink);
                StorageScp scp = new StorageScp(
                        new StorageScpConfig(
                                "AIW_BENCH",
                                "127.0.0.1",
                                port,
                                work.resolve("spool"),
                                work.resolve("quarantine"),
                                List.of(),
                                AssociationLimits.of(16),
                                0,
                                null,
                                null),
                        sink,
                        (f, r, ae) -> System.err.println("quarantined: " + r))) {
            scp.start();
            System.out.println("READY " + scp.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the script closes our stdin
            }
        }
    }

    /** Alternates between the peers on every try, so JIT warm-up and machine load hit both alike. */
    private static void client(List<RemoteApplicationEntity> peers, Path dir, int n) throws Exception {
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(f -> f.toString().endsWith(".dcm")).sorted().toList();
        }
        StorageScu scu = new StorageScu("BENCH_SCU");
        double[][] echo = new double[peers.size()][n];
        double[][] store = new double[peers.size()][n];
        for (int i = -WARM_UP; i < n; i++) {
            for (int p = 0; p < peers.size(); p++) {
                long t0 = System.nanoTime();
                int status = Verification.echo(peers.get(p), "BENCH_SCU");
                long t1 = System.nanoTime();
                Path file = files.get(Math.floorMod(i, files.size()));
                boolean ok = scu.send(peers.get(p), List.of(file)).allStored();
                long t2 = System.nanoTime();
                if (status != 0 || !ok) {
                    throw new IllegalStateException(peers.get(p) + ": echo " + status + ", store ok " + ok);
                }
                if (i >= 0) {
                    echo[p][i] = (t1 - t0) / 1e6;
                    store[p][i] = (t2 - t1) / 1e6;
                }
            }
        }
        for (int p = 0; p < peers.size(); p++) {
            System.out.printf(
                    Locale.ROOT,
                    "%s echo_ms %.2f store_ms %.2f%n",
                    peers.get(p).aeTitle(),
                    DiskFloor.median(echo[p]),
                    DiskFloor.median(store[p]));
        }
    }
}

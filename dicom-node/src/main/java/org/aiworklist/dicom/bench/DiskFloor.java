package org.aiworklist.dicom.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * What the disk alone allows per instance, without DICOM: the lower bound for durable ingest on one association,
 * where the sender waits for each answer so no flush can be shared. Per file of the given size, median ms of:
 * writing a new file (what storescp does), writing it durably the way the spool does (write, rename into a
 * folder, fsync), and the same plus an fdatasync'ed log append (the fsync index sink).
 */
final class DiskFloor {
    private DiskFloor() {}

    static void run(Path work, int bytes, int n) throws IOException {
        Path incoming = Files.createDirectories(work.resolve("incoming"));
        Path target = Files.createDirectories(work.resolve("target"));
        ByteBuffer data = ByteBuffer.allocateDirect(bytes);
        double[][] ms = new double[3][n];
        try (FileChannel log = FileChannel.open(
                work.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int i = 0; i < n; i++) {
                for (int mode = 0; mode < 3; mode++) {
                    Path temp = incoming.resolve(mode + "-" + i);
                    long t0 = System.nanoTime();
                    try (FileChannel c =
                            FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        data.clear();
                        while (data.hasRemaining()) {
                            c.write(data);
                        }
                        if (mode > 0) {
                            Files.move(temp, target.resolve(mode + "-" + i), StandardCopyOption.ATOMIC_MOVE);
                            c.force(true);
                        }
                    }
                    if (mode == 2) {
                        log.write(ByteBuffer.wrap(new byte[100]));
                        log.force(false);
                    }
                    ms[mode][i] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "write_ms %.2f durable_ms %.2f durable_log_ms %.2f%n",
                median(ms[0]),
                median(ms[1]),
                median(ms[2]));
        for (Path dir : new Path[] {incoming, target}) {
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.delete(f);
                }
            }
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

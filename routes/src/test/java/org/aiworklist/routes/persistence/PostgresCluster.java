package org.aiworklist.routes.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aiworklist.common.FreePorts;

/**
 * A throwaway PostgreSQL server for tests: Debian's binaries, its own data folder, 127.0.0.1 on a free port,
 * trust authentication, stopped and deleted by the test. PostgreSQL refuses to run as root, so as root it
 * runs as the 'postgres' system user.
 */
public final class PostgresCluster implements AutoCloseable {
    private final Path folder;
    private final Path bin;
    private final int port;

    private PostgresCluster(Path folder, Path bin, int port) {
        this.folder = folder;
        this.bin = bin;
        this.port = port;
    }

    /**
     * A server from the newest installed binaries. Where there are none the test fails, it is not skipped: the
     * PostgreSQL tests are part of the suite.
     */
    public static PostgresCluster startInstalled() throws Exception {
        Path bin = binaries()
                .orElseThrow(() -> new IllegalStateException(
                        "PostgreSQL server binaries missing: ./aiworklist test installs the postgresql package"));
        return start(bin);
    }

    /** The newest installed server's bin folder, if any. */
    private static Optional<Path> binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString));
        }
    }

    private static PostgresCluster start(Path bin) throws Exception {
        Path folder = Files.createTempDirectory("aiworklist-pg-");
        // the server user (postgres, when the tests run as root) creates its data folder in here
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port = FreePorts.tcp();
        PostgresCluster cluster = new PostgresCluster(folder, bin, port);
        Path data = folder.resolve("data");
        cluster.run(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8");
        cluster.run(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-w",
                "-l",
                folder.resolve("server.log").toString(),
                "-o",
                "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1",
                "start");
        return cluster;
    }

    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** Creates an empty database on this server, so that tests sharing one server do not share tables. */
    public String newDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "");
                Statement sql = c.createStatement()) {
            sql.execute("create database " + name);
        }
        return jdbcUrl(name);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void run(String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("commands.log").toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(
                    command[0] + " failed: " + Files.readString(folder.resolve("commands.log")));
        }
    }

    @Override
    public void close() throws Exception {
        run(bin.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(), "-w", "-m", "fast", "stop");
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}

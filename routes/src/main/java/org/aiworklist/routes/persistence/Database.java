package org.aiworklist.routes.persistence;

import org.aiworklist.common.OwnerOnly;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.hibernate.Session;

/** The job-state database: Hibernate over H2 by default, any JDBC URL Hibernate supports (PostgreSQL) otherwise. */
public final class Database implements AutoCloseable {
    private static final String H2_FILE = "jdbc:h2:file:";
    private final SessionFactory sessions;
    private final Optional<Path> h2Folder;

    public Database(String jdbcUrl, String user, String password) {
        this.h2Folder = h2Folder(jdbcUrl);
        h2Folder.ifPresent(Database::ownerOnly);
        Configuration cfg = new Configuration()
                .addAnnotatedClass(StudyRecord.class)
                .addAnnotatedClass(SeriesRecord.class)
                .addAnnotatedClass(InstanceRecord.class)
                .addAnnotatedClass(JobRecord.class)
                .addAnnotatedClass(ExportRecord.class)
                .addAnnotatedClass(QuarantineRecord.class)
                .setProperty("hibernate.hikari.jdbcUrl", jdbcUrl)
                .setProperty("hibernate.hikari.username", user)
                .setProperty("hibernate.hikari.password", password)
                .setProperty("hibernate.hikari.maximumPoolSize", "8")
                .setProperty("hibernate.hbm2ddl.auto", "update")
                .setProperty("hibernate.show_sql", "false");
        this.sessions = cfg.buildSessionFactory();
        // H2 creates its files (.mv.db, .trace.db) under the process umask; the schema update has opened them
        h2Folder.ifPresent(Database::ownerOnly);
    }

    /** Runs work in one committed transaction: every state change is durable when this returns. */
    public <T> T fromTransaction(Function<Session, T> work) {
        return sessions.fromTransaction(work);
    }

    public void inTransaction(Consumer<Session> work) {
        sessions.inTransaction(work);
    }

    @Override
    public void close() {
        sessions.close();
        h2Folder.ifPresent(Database::ownerOnly); // a .trace.db H2 started while running
    }

    /** The folder of an embedded H2 database ({@code jdbc:h2:file:PATH}); empty for any other database. */
    static Optional<Path> h2Folder(String jdbcUrl) {
        if (!jdbcUrl.startsWith(H2_FILE)) {
            return Optional.empty();
        }
        String name = jdbcUrl.substring(H2_FILE.length()).split(";", 2)[0];
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1); // as H2 reads it
        }
        return Optional.ofNullable(Path.of(name).toAbsolutePath().getParent());
    }

    /** The folder, made if missing, and everything in it owner-only: the database holds patient names. */
    private static void ownerOnly(Path folder) {
        try {
            OwnerOnly.createDirectories(folder);
            OwnerOnly.tighten(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

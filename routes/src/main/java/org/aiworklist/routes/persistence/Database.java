package org.aiworklist.routes.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.aiworklist.common.OwnerOnly;
import org.flywaydb.core.Flyway;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;

/**
 * The job-state database: Hibernate over H2 by default, or PostgreSQL. The schema is Flyway's: migrations under
 * {@code db/migration/<vendor>} bring any earlier release's database up to date before Hibernate, which only
 * validates, sees it. Never edit a released migration; add the next one.
 */
public final class Database implements AutoCloseable {
    private static final String H2_FILE = "jdbc:h2:file:";
    /** The advisory lock's key (PostgreSQL's are one namespace of 64-bit numbers per database): "aiwrklst" in ASCII. */
    private static final long MIGRATION_LOCK = 0x616977726b6c7374L;

    private final HikariDataSource pool;
    private final SessionFactory sessions;
    private final Optional<Path> h2Folder;
    private final boolean embedded;
    private final CommitListener commits = new CommitListener();

    public Database(String jdbcUrl, String user, String password) {
        this.h2Folder = h2Folder(jdbcUrl);
        this.embedded = vendor(jdbcUrl).equals("h2");
        h2Folder.ifPresent(Database::ownerOnly);
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setJdbcUrl(jdbcUrl);
        poolConfig.setUsername(user);
        poolConfig.setPassword(password);
        poolConfig.setMaximumPoolSize(8);
        // one pool for Flyway and Hibernate: an in-memory H2 database lives only while a connection is open
        this.pool = new HikariDataSource(poolConfig);
        migrate(pool, vendor(jdbcUrl));
        Configuration cfg = new Configuration()
                .addAnnotatedClass(StudyRecord.class)
                .addAnnotatedClass(SeriesRecord.class)
                .addAnnotatedClass(SeriesAttributeRecord.class)
                .addAnnotatedClass(InstanceRecord.class)
                .addAnnotatedClass(JobRecord.class)
                .addAnnotatedClass(ExportRecord.class)
                .addAnnotatedClass(DraftRecord.class)
                .addAnnotatedClass(QuarantineRecord.class)
                .setProperty("hibernate.hbm2ddl.auto", "validate")
                .setProperty("hibernate.show_sql", "false")
                // the index writes its rows a batch of instances per transaction: send them in JDBC batches
                .setProperty("hibernate.jdbc.batch_size", "64")
                .setProperty("hibernate.order_inserts", "true")
                // Hibernate Validator is here for the configuration file; the records carry no constraints, and
                // Hibernate's own ValidatorFactory would want an Expression Language implementation.
                .setProperty("jakarta.persistence.validation.mode", "none");
        cfg.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool);
        this.sessions = cfg.buildSessionFactory();
        EventListenerRegistry listeners =
                sessions.unwrap(SessionFactoryImplementor.class).getEventListenerRegistry();
        listeners.appendListeners(EventType.POST_COMMIT_INSERT, commits);
        listeners.appendListeners(EventType.POST_COMMIT_UPDATE, commits);
        // H2 creates its files (.mv.db, .trace.db) under the process umask; the migration has opened them
        h2Folder.ifPresent(Database::ownerOnly);
    }

    /**
     * Migrates under a PostgreSQL advisory lock when several nodes share the database: Flyway's own lock covers the
     * migrations, not its check whether to baseline, so nodes starting at once on an empty database raced there and
     * all but one failed ("schema history table ... already exists, and is empty"). H2's file lock already allows a
     * single node.
     */
    private static void migrate(DataSource pool, String vendor) {
        if (!vendor.equals("postgresql")) {
            flyway(pool, vendor);
            return;
        }
        try (Connection lock = pool.getConnection();
                PreparedStatement take = lock.prepareStatement("select pg_advisory_lock(?)");
                PreparedStatement release = lock.prepareStatement("select pg_advisory_unlock(?)")) {
            take.setLong(1, MIGRATION_LOCK);
            take.execute();
            try {
                flyway(pool, vendor);
            } finally {
                release.setLong(1, MIGRATION_LOCK);
                release.execute();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: could not take the migration lock: " + e.getMessage(), e);
        }
    }

    private static void flyway(DataSource pool, String vendor) {
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration/" + vendor)
                // release 0.1.0 made its schema with hbm2ddl, which V1 is exactly: such a database starts at V1
                .baselineOnMigrate(true)
                .baselineVersion("1")
                .load()
                .migrate();
    }

    /** The migrations' folder for the database the URL names: the schema differs in types (H2 has enums). */
    private static String vendor(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return "h2";
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return "postgresql";
        }
        throw new IllegalArgumentException(
                "database.jdbcUrl: only H2 (jdbc:h2:) and PostgreSQL (jdbc:postgresql:)" + " are supported");
    }

    /** Runs work in one committed transaction: every state change is durable when this returns. */
    public <T> T fromTransaction(Function<Session, T> work) {
        return sessions.fromTransaction(work);
    }

    public void inTransaction(Consumer<Session> work) {
        sessions.inTransaction(work);
    }

    /** Whether the database runs inside this process (H2), not behind a server (PostgreSQL). */
    public boolean embedded() {
        return embedded;
    }

    /** From now on, {@code watcher} is told what every committed transaction of this node changed. */
    public void watch(CommittedChanges watcher) {
        commits.add(watcher);
    }

    @Override
    public void close() {
        sessions.close();
        pool.close();
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

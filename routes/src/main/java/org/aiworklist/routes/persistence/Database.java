package org.aiworklist.routes.persistence;

import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

import java.util.function.Consumer;
import java.util.function.Function;

import org.hibernate.Session;

/** The job-state database: Hibernate over H2 by default, any JDBC URL Hibernate supports (PostgreSQL) otherwise. */
public final class Database implements AutoCloseable {
    private final SessionFactory sessions;

    public Database(String jdbcUrl, String user, String password) {
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
                .setProperty("hibernate.show_sql", "false")
                // Hibernate Validator is here for the configuration file; the records carry no constraints, and
                // Hibernate's own ValidatorFactory would want an Expression Language implementation.
                .setProperty("jakarta.persistence.validation.mode", "none");
        this.sessions = cfg.buildSessionFactory();
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
    }
}

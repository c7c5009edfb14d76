package io.cairn.instance.postgres;

import io.cairn.api.v1.BootstrapInitDB;
import io.cairn.instance.api.InstanceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a primary needs once PostgreSQL accepts connections. At every start: the replication role exists and has the
 * password of its file (so a rotated Secret takes effect at the next restart), and {@code postgres} has the
 * superuser Secret's password, or none when superuser access is disabled; then a checkpoint, so that archive_timeout
 * holds from the start. Once after initdb (while
 * {@link DataDirectory#POST_INIT_PENDING} exists): the application owner and database, then the post-init SQL of
 * {@code bootstrap.initdb}. Each statement is idempotent except the user's post-init SQL, which runs again only if a
 * previous run did not finish.
 */
public final class PrimaryInitializer {

    static final String SUPERUSER = "postgres";

    private final InstanceConfig config;
    private final DataDirectory data;
    private final PostgresClient postgres;

    public PrimaryInitializer(InstanceConfig config, DataDirectory data, PostgresClient postgres) {
        this.config = config;
        this.data = data;
        this.postgres = postgres;
    }

    public void run() {
        postgres.execute(script());
        data.remove(DataDirectory.POST_INIT_PENDING);
    }

    /** The psql script; passwords are SQL literals read from their files (never on a command line). */
    String script() {
        StringBuilder sql = new StringBuilder("SET standard_conforming_strings = on;\n");
        String replication = config.replicationUser();
        ensureRole(sql, replication, "LOGIN REPLICATION");
        if (config.replication() != null && config.replication().passwordFile() != null) {
            sql.append("ALTER ROLE ")
                    .append(identifier(replication))
                    .append(" PASSWORD ")
                    .append(literal(read(config.replication().passwordFile())))
                    .append(";\n");
        }
        superuserPassword(sql);
        BootstrapInitDB initdb = applicationDatabase(config.bootstrap());
        if (data.has(DataDirectory.POST_INIT_PENDING) && initdb != null) {
            String database = initdb.database() != null ? initdb.database() : "app";
            String owner = initdb.owner() != null ? initdb.owner() : database;
            ensureRole(sql, owner, "LOGIN");
            if (config.bootstrap().ownerPasswordFile() != null) {
                sql.append("ALTER ROLE ")
                        .append(identifier(owner))
                        .append(" PASSWORD ")
                        .append(literal(read(config.bootstrap().ownerPasswordFile())))
                        .append(";\n");
            }
            sql.append("SELECT 'CREATE DATABASE ")
                    .append(identifier(database))
                    .append(" OWNER ")
                    .append(identifier(owner))
                    .append("' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = ")
                    .append(literal(database))
                    .append(")\\gexec\n");
            statements(sql, initdb.postInitSQL());
            if (initdb.postInitApplicationSQL() != null
                    && !initdb.postInitApplicationSQL().isEmpty()) {
                sql.append("\\c ").append(database).append('\n');
                statements(sql, initdb.postInitApplicationSQL());
            }
            if (initdb.postInitTemplateSQL() != null
                    && !initdb.postInitTemplateSQL().isEmpty()) {
                sql.append("\\c template1\n");
                statements(sql, initdb.postInitTemplateSQL());
            }
        }
        wakeTheCheckpointer(sql);
        return sql.toString();
    }

    /**
     * PostgreSQL 15 starts its checkpointer during recovery, which then sleeps a whole checkpoint_timeout (5 min by
     * default) before it first looks at archive_timeout; a checkpoint wakes it, and from then on a written segment
     * is switched (and archived) within archive_timeout. Cheap right after a start: nothing much is dirty.
     */
    private static void wakeTheCheckpointer(StringBuilder sql) {
        sql.append("CHECKPOINT;\n");
    }

    /** CloudNativePG's enableSuperuserAccess: the Secret's password, or NULL (local socket logins only). */
    private void superuserPassword(StringBuilder sql) {
        sql.append("ALTER ROLE ")
                .append(identifier(SUPERUSER))
                .append(" PASSWORD ")
                .append(config.superuserPasswordFile() != null ? literal(read(config.superuserPasswordFile())) : "NULL")
                .append(";\n");
    }

    /**
     * What to create once: {@code bootstrap.initdb}; after a recovery only its application database and owner (they
     * usually come with the recovered data; the owner gets this cluster's password), with no post-init SQL.
     */
    private static BootstrapInitDB applicationDatabase(InstanceConfig.Bootstrap bootstrap) {
        if (bootstrap.initdb() != null || bootstrap.recovery() == null) {
            return bootstrap.initdb();
        }
        InstanceConfig.Recovery recovery = bootstrap.recovery();
        return new BootstrapInitDB(
                recovery.effectiveDatabase(),
                recovery.effectiveOwner(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static void ensureRole(StringBuilder sql, String role, String options) {
        sql.append("SELECT 'CREATE ROLE ")
                .append(identifier(role))
                .append(' ')
                .append(options)
                .append("' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ")
                .append(literal(role))
                .append(")\\gexec\n");
    }

    private static void statements(StringBuilder sql, List<String> statements) {
        if (statements == null) {
            return;
        }
        for (String statement : statements) {
            String trimmed = statement.strip();
            sql.append(trimmed).append(trimmed.endsWith(";") ? "\n" : ";\n");
        }
    }

    /** A quoted identifier; names were checked to be plain identifiers when the configuration was read. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal under standard_conforming_strings (set at the top of the script). */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password file " + file, e);
        }
    }
}

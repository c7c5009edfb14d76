package io.cairn.instance.postgres;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders the configuration files the instance manager writes into PGDATA at every start. Pure.
 *
 * <p>{@code postgresql.conf} is read top to bottom and the last setting wins, so it is laid out as: what initdb
 * detected for the machine ({@code initdb.conf}), Cairn's defaults, the user's parameters ({@code custom.conf}),
 * and last what Cairn manages. A user parameter that Cairn manages is left out of {@code custom.conf} and named in a
 * comment there, so the file says what happened to it.
 */
public final class PostgresConfRenderer {

    public static final String POSTGRESQL_CONF = "postgresql.conf";
    public static final String CUSTOM_CONF = "custom.conf";
    public static final String INITDB_CONF = "initdb.conf";
    public static final String PG_HBA_CONF = "pg_hba.conf";

    /** PostgreSQL's recovery targets: a recovery bootstrap's, never the user's. */
    static final Set<String> RECOVERY_TARGETS = Set.of(
            "recovery_target",
            "recovery_target_action",
            "recovery_target_inclusive",
            "recovery_target_lsn",
            "recovery_target_name",
            "recovery_target_time",
            "recovery_target_timeline",
            "recovery_target_xid");

    /** Parameters Cairn sets itself; a user value for them is ignored. */
    static final Set<String> MANAGED = Stream.concat(
                    RECOVERY_TARGETS.stream(),
                    Stream.of(
                            "listen_addresses",
                            "port",
                            "unix_socket_directories",
                            "cluster_name",
                            "archive_mode",
                            "archive_command",
                            "restore_command",
                            "archive_cleanup_command",
                            "hot_standby",
                            "primary_conninfo",
                            "primary_slot_name",
                            "promote_trigger_file",
                            "data_directory",
                            "hba_file",
                            "ident_file",
                            "config_file",
                            "external_pid_file",
                            "log_destination",
                            "logging_collector",
                            "full_page_writes",
                            "wal_level"))
            .collect(Collectors.toUnmodifiableSet());

    private PostgresConfRenderer() {}

    /**
     * What to render.
     *
     * @param listenAddress the pod IP
     * @param socketDirectory the Unix socket directory (the run directory)
     * @param archiveCommand the shell command line of archive_command, with {@code %p}
     * @param archiveTimeout archive_timeout
     * @param parameters the user's parameters
     * @param primaryConninfo a standby's primary_conninfo, or null
     * @param restoreCommand a standby's restore_command (its cluster's WAL archive), or null without an archive
     */
    public record Settings(
            String listenAddress,
            int port,
            String socketDirectory,
            String clusterName,
            String archiveCommand,
            String archiveTimeout,
            Map<String, String> parameters,
            String primaryConninfo,
            String replicationUser,
            String restoreCommand) {}

    /** The files, by name in PGDATA. */
    public static Map<String, String> render(Settings settings) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(POSTGRESQL_CONF, postgresqlConf(settings));
        files.put(CUSTOM_CONF, customConf(settings.parameters()));
        files.put(PG_HBA_CONF, pgHbaConf(settings.replicationUser()));
        return files;
    }

    static String postgresqlConf(Settings s) {
        StringBuilder conf = new StringBuilder();
        conf.append("""
                # Written by the Cairn instance manager at every start: do not edit. Set parameters in the
                # Cluster's spec.postgresql.parameters (custom.conf); the settings at the end are Cairn's.

                # What initdb detected for this machine (kept from bootstrap).
                include_if_exists 'initdb.conf'

                # Cairn's defaults: spec.postgresql.parameters may change them.
                """);
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("archive_timeout", s.archiveTimeout());
        defaults.put("max_wal_senders", "10");
        defaults.put("max_replication_slots", "10");
        defaults.put("wal_keep_size", "512MB");
        defaults.put("wal_log_hints", "on");
        defaults.put("wal_sender_timeout", "5s");
        defaults.put("wal_receiver_timeout", "5s");
        defaults.forEach((name, value) -> setting(conf, name, value));
        conf.append("""

                # The Cluster's spec.postgresql.parameters.
                include 'custom.conf'

                # Managed by Cairn: these always win.
                """);
        Map<String, String> managed = new LinkedHashMap<>();
        managed.put("listen_addresses", s.listenAddress());
        managed.put("port", Integer.toString(s.port()));
        managed.put("unix_socket_directories", s.socketDirectory());
        managed.put("cluster_name", s.clusterName());
        managed.put("wal_level", "logical".equals(s.parameters().get("wal_level")) ? "logical" : "replica");
        managed.put("full_page_writes", "on");
        managed.put("hot_standby", "on");
        managed.put("archive_mode", "on");
        managed.put("archive_command", s.archiveCommand());
        managed.put("log_destination", "stderr");
        managed.put("logging_collector", "off");
        if (s.primaryConninfo() != null) {
            managed.put("primary_conninfo", s.primaryConninfo());
            managed.put("recovery_target_timeline", "latest");
            if (s.restoreCommand() != null) {
                managed.put("restore_command", s.restoreCommand());
            }
        }
        managed.forEach((name, value) -> setting(conf, name, value));
        return conf.toString();
    }

    static String customConf(Map<String, String> parameters) {
        StringBuilder conf = new StringBuilder("""
                # The Cluster's spec.postgresql.parameters, written by the Cairn instance manager at every start.
                """);
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, String> parameter : new TreeMap<>(parameters).entrySet()) {
            String name = parameter.getKey();
            if (MANAGED.contains(name)) {
                ignored.add(name);
            } else {
                setting(conf, name, parameter.getValue());
            }
        }
        if (!ignored.isEmpty()) {
            conf.append("# Left out because Cairn manages them (see postgresql.conf; wal_level logical is kept): ")
                    .append(String.join(", ", ignored))
                    .append('\n');
        }
        return conf.toString();
    }

    static String pgHbaConf(String replicationUser) {
        return """
                # Written by the Cairn instance manager at every start: do not edit.
                # TYPE  DATABASE     USER      ADDRESS  METHOD
                # The instance manager, barman-cloud and local tools, as the operating-system user postgres.
                local   all          all                peer
                # Standbys stream with the replication role's password.
                host    replication  %1$s  all      scram-sha-256
                # Applications, with passwords.
                host    all          all       all      scram-sha-256
                """.formatted(replicationUser);
    }

    /**
     * A libpq connection string value: bare when it is a plain word, else single-quoted with backslash escapes.
     */
    public static String conninfoValue(String value) {
        if (!value.isEmpty() && value.chars().allMatch(c -> Character.isLetterOrDigit(c) || "._-/:".indexOf(c) >= 0)) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** A postgresql.conf string: single-quoted, with backslashes and quotes escaped. */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static void setting(StringBuilder conf, String name, String value) {
        conf.append(name).append(" = ").append(quote(value)).append('\n');
    }
}

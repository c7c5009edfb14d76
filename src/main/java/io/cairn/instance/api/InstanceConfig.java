package io.cairn.instance.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.BootstrapInitDB;
import io.cairn.api.v1.PostgresConfiguration;
import java.util.Map;

/**
 * The JSON instance configuration the reconciler gives each pod (a ConfigMap or Secret mounted as a file named by
 * {@code CAIRN_INSTANCE_CONFIG}). It reuses the Cluster's own types where it can. Unknown fields are ignored, so an
 * operator newer than the instance image may add some. Schema and example: docs/instance-manager.md.
 *
 * @param bootstrap how an empty PGDATA is filled: {@code initdb} (a new primary) or {@code join} (a streaming standby
 *     of a primary); ignored once PGDATA holds a database
 * @param postgresql the Cluster's {@code spec.postgresql}; only {@code parameters} is read
 * @param archive where WAL goes; absent: archive_command still runs {@code cairn wal-archive}, which then succeeds
 *     without archiving (so archiving can be enabled later without a restart of PostgreSQL's archiver settings)
 * @param archiveTimeout PostgreSQL's archive_timeout (default {@value #DEFAULT_ARCHIVE_TIMEOUT});
 *     {@code postgresql.parameters.archive_timeout} wins over it
 * @param replication the role standbys stream with
 * @param smartShutdownTimeout seconds of smart shutdown on SIGTERM before a fast one (default
 *     {@value #DEFAULT_SMART_SHUTDOWN_TIMEOUT}, CloudNativePG's)
 * @param superuserPasswordFile a file holding the {@code postgres} role's password, which a primary sets at every
 *     start (CloudNativePG's {@code enableSuperuserAccess}); absent: the primary sets it to NULL, so {@code postgres}
 *     logs in only through the local socket
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceConfig(
        Bootstrap bootstrap,
        PostgresConfiguration postgresql,
        Archive archive,
        String archiveTimeout,
        Replication replication,
        Integer smartShutdownTimeout,
        String superuserPasswordFile) {

    public static final String DEFAULT_ARCHIVE_TIMEOUT = "60s";
    public static final int DEFAULT_SMART_SHUTDOWN_TIMEOUT = 180;
    public static final String DEFAULT_REPLICATION_USER = "streaming_replica";

    public InstanceConfig(
            Bootstrap bootstrap,
            PostgresConfiguration postgresql,
            Archive archive,
            String archiveTimeout,
            Replication replication,
            Integer smartShutdownTimeout) {
        this(bootstrap, postgresql, archive, archiveTimeout, replication, smartShutdownTimeout, null);
    }

    /** The user's postgresql.conf parameters, never null. */
    public Map<String, String> parameters() {
        return postgresql == null || postgresql.parameters() == null ? Map.of() : postgresql.parameters();
    }

    /** archive_timeout: the user's parameter, else this configuration's, else 60s. */
    public String effectiveArchiveTimeout() {
        String fromParameters = parameters().get("archive_timeout");
        if (fromParameters != null) {
            return fromParameters;
        }
        return archiveTimeout != null ? archiveTimeout : DEFAULT_ARCHIVE_TIMEOUT;
    }

    public int effectiveSmartShutdownTimeout() {
        return smartShutdownTimeout != null ? smartShutdownTimeout : DEFAULT_SMART_SHUTDOWN_TIMEOUT;
    }

    public String replicationUser() {
        return replication != null && replication.user() != null ? replication.user() : DEFAULT_REPLICATION_USER;
    }

    /**
     * Exactly one of {@code initdb}, {@code join} and {@code recovery}.
     *
     * @param initdb the Cluster's {@code spec.bootstrap.initdb} (database, owner, dataChecksums, encoding, locale,
     *     walSegmentSize, options, postInit*SQL)
     * @param ownerPasswordFile a file holding the application owner's password (from the initdb Secret); absent: the
     *     owner has no password and can log in only through the local socket
     * @param join the primary to copy with pg_basebackup and then stream from
     * @param recovery a base backup to restore and WAL to replay from an object store (point-in-time recovery)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Bootstrap(BootstrapInitDB initdb, String ownerPasswordFile, Join join, Recovery recovery) {

        public Bootstrap(BootstrapInitDB initdb, String ownerPasswordFile, Join join) {
            this(initdb, ownerPasswordFile, join, null);
        }
    }

    /**
     * A recovery: restore a base backup of another cluster's object store, replay its WAL up to a target, promote.
     * The operator has already mapped the Cluster's {@code recoveryTarget}: {@code settings} holds the PostgreSQL
     * settings, the other fields choose the base backup (docs/instance-manager.md).
     *
     * @param barmanObjectStore the source's object store (not this cluster's archive); its credential selectors only
     *     pick the cloud provider, the keys come from {@code CAIRN_RECOVERY_*} environment variables
     * @param serverName the source's barman server name
     * @param backupId the backup to restore; absent: chosen from the catalogue by targetTime, targetLSN, targetTLI
     * @param targetTime the target time in PostgreSQL's form ({@code 2023-07-06 08:00:39.000000+00:00}), for the
     *     choice of the backup
     * @param targetLSN the target LSN, for the choice of the backup
     * @param targetTLI the target timeline ({@code latest} or a number), for the choice of the backup
     * @param settings the recovery_target* settings PostgreSQL recovers with
     * @param database the application database (default {@code app}); its owner gets {@code ownerPasswordFile}
     * @param owner the application owner (default the database)
     * @param volumeSnapshot the base is the volume restored from a snapshot, not a barman backup; then
     *     {@code barmanObjectStore} is only the WAL archive and may be absent (the WAL in the snapshot is all there is)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Recovery(
            BarmanObjectStoreConfiguration barmanObjectStore,
            String serverName,
            String backupId,
            String targetTime,
            String targetLSN,
            String targetTLI,
            Map<String, String> settings,
            String database,
            String owner,
            SnapshotBase volumeSnapshot) {

        public Recovery(
                BarmanObjectStoreConfiguration barmanObjectStore,
                String serverName,
                String backupId,
                String targetTime,
                String targetLSN,
                String targetTLI,
                Map<String, String> settings,
                String database,
                String owner) {
            this(
                    barmanObjectStore,
                    serverName,
                    backupId,
                    targetTime,
                    targetLSN,
                    targetTLI,
                    settings,
                    database,
                    owner,
                    null);
        }

        public Map<String, String> effectiveSettings() {
            return settings == null ? Map.of() : settings;
        }

        public String effectiveDatabase() {
            return database != null ? database : "app";
        }

        public String effectiveOwner() {
            return owner != null ? owner : effectiveDatabase();
        }
    }

    /**
     * PGDATA (and pg_wal) restored from VolumeSnapshots of another instance: what the instance writes back before
     * PostgreSQL replays from it.
     *
     * @param restoreId who this restore is for (the recovering Cluster's UID): the marker beside PGDATA that says
     *     the snapshot was prepared carries it, so a snapshot of a cluster that was itself recovered from a snapshot
     *     is prepared again
     * @param instance the instance (pod) whose claims were created from the snapshots; only it prepares them
     * @param snapshot the data snapshot's name, for the log
     * @param backupLabel the backup_label of a hot (online) snapshot, as text; absent for a cold one
     * @param tablespaceMap the tablespace_map of a hot snapshot, if it had one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SnapshotBase(
            String restoreId, String instance, String snapshot, String backupLabel, String tablespaceMap) {

        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean online() {
            return backupLabel != null;
        }
    }

    /** A primary to join as a streaming standby. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Join(String host, Integer port) {

        public int effectivePort() {
            return port != null ? port : InstancePorts.POSTGRES;
        }
    }

    /**
     * The WAL archive.
     *
     * @param barmanObjectStore the Cluster's {@code spec.backup.barmanObjectStore}; its credentials only pick the
     *     cloud provider: the keys themselves reach barman as environment variables of the pod
     * @param serverName the effective server name (the store's serverName, else the Cluster's name); absent: the
     *     store's, else {@code CLUSTER_NAME}
     * @param skipEmptyWalArchiveCheck do not require an empty archive before the first WAL of a new cluster
     *     (CloudNativePG's {@code cnpg.io/skipEmptyWalArchiveCheck} annotation)
     * @param refusal why the operator refuses this archive, e.g. an ambient identity where pods have none
     *     ({@link AmbientCredentials}); set: every attempt fails at once with it and nothing is sent anywhere
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Archive(
            BarmanObjectStoreConfiguration barmanObjectStore,
            String serverName,
            Boolean skipEmptyWalArchiveCheck,
            String refusal) {

        public Archive(
                BarmanObjectStoreConfiguration barmanObjectStore, String serverName, Boolean skipEmptyWalArchiveCheck) {
            this(barmanObjectStore, serverName, skipEmptyWalArchiveCheck, null);
        }

        public String effectiveServerName(String clusterName) {
            if (serverName != null && !serverName.isBlank()) {
                return serverName;
            }
            if (barmanObjectStore.serverName() != null
                    && !barmanObjectStore.serverName().isBlank()) {
                return barmanObjectStore.serverName();
            }
            return clusterName;
        }
    }

    /**
     * @param user the replication role (default {@value InstanceConfig#DEFAULT_REPLICATION_USER}); the primary
     *     creates it
     * @param passwordFile a file holding its password; the primary sets it at every start, a standby writes it to a
     *     pgpass file for pg_basebackup and primary_conninfo
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Replication(String user, String passwordFile) {}
}

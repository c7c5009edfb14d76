package io.cairn.instance.api;

import java.util.List;

/**
 * The environment variables the operator sets in an instance pod and the instance manager reads (into
 * {@code io.cairn.instance.config.InstanceEnvironment}); their meaning is in docs/instance-manager.md.
 */
public final class InstanceEnvironmentVariables {

    public static final String POD_NAME = "POD_NAME";
    public static final String POD_IP = "POD_IP";
    public static final String NAMESPACE = "NAMESPACE";
    public static final String CLUSTER_NAME = "CLUSTER_NAME";
    public static final String PGDATA = "PGDATA";
    public static final String PGWAL = "PGWAL";
    public static final String CONFIG = "CAIRN_INSTANCE_CONFIG";
    public static final String RUN_DIR = "CAIRN_RUN_DIR";
    public static final String HTTP_PORT = "CAIRN_INSTANCE_HTTP_PORT";
    public static final String PG_BIN = "CAIRN_PG_BIN";
    public static final String SELF_COMMAND = "CAIRN_SELF_COMMAND";
    public static final String REPORT_TOKEN = "CAIRN_ARCHIVE_REPORT_TOKEN";
    public static final String RECOVERY_PREFIX = "CAIRN_RECOVERY_";
    public static final String TLS_DIR = "CAIRN_TLS_DIR";
    /**
     * On a replica whose volumes the operator created from the newest snapshot backup: the JSON of an
     * {@link InstanceConfig.SnapshotBase}. Set on the pod, not in the shared standby configuration, so that the pod
     * cannot start without it.
     */
    public static final String REPLICA_SNAPSHOT = "CAIRN_REPLICA_SNAPSHOT";

    /**
     * The variables through which barman-cloud finds an object store's credentials and CA; the cluster's own store
     * sets them in the pod, a recovery source as {@code CAIRN_RECOVERY_<NAME>}.
     */
    public static final List<String> OBJECT_STORE_VARIABLES = List.of(
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_DEFAULT_REGION",
            "AWS_SESSION_TOKEN",
            "AWS_CA_BUNDLE",
            "AZURE_STORAGE_CONNECTION_STRING",
            "AZURE_STORAGE_ACCOUNT",
            "AZURE_STORAGE_KEY",
            "AZURE_STORAGE_SAS_TOKEN",
            "GOOGLE_APPLICATION_CREDENTIALS");

    private InstanceEnvironmentVariables() {}
}

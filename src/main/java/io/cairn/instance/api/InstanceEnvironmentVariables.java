package io.cairn.instance.api;

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

    private InstanceEnvironmentVariables() {}
}

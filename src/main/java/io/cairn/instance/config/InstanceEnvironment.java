package io.cairn.instance.config;

import static io.cairn.instance.api.InstanceEnvironmentVariables.CLUSTER_NAME;
import static io.cairn.instance.api.InstanceEnvironmentVariables.CONFIG;
import static io.cairn.instance.api.InstanceEnvironmentVariables.HTTP_PORT;
import static io.cairn.instance.api.InstanceEnvironmentVariables.NAMESPACE;
import static io.cairn.instance.api.InstanceEnvironmentVariables.PGDATA;
import static io.cairn.instance.api.InstanceEnvironmentVariables.PGWAL;
import static io.cairn.instance.api.InstanceEnvironmentVariables.PG_BIN;
import static io.cairn.instance.api.InstanceEnvironmentVariables.POD_IP;
import static io.cairn.instance.api.InstanceEnvironmentVariables.POD_NAME;
import static io.cairn.instance.api.InstanceEnvironmentVariables.RECOVERY_PREFIX;
import static io.cairn.instance.api.InstanceEnvironmentVariables.REPLICA_SNAPSHOT;
import static io.cairn.instance.api.InstanceEnvironmentVariables.REPORT_TOKEN;
import static io.cairn.instance.api.InstanceEnvironmentVariables.RUN_DIR;
import static io.cairn.instance.api.InstanceEnvironmentVariables.SELF_COMMAND;
import static io.cairn.instance.api.InstanceEnvironmentVariables.TLS_DIR;

import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.api.InstanceEnvironmentVariables;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.api.InstancePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the pod's environment tells the instance manager and {@code cairn wal-archive}: who it is and where things
 * are. Read once, at the edge of the program, from a map (the process environment in production, a literal map in
 * tests). The variables are listed in docs/instance-manager.md.
 *
 * @param podName {@code POD_NAME}: the instance's name, PostgreSQL's application_name on a standby
 * @param podIp {@code POD_IP}: the address PostgreSQL and the HTTP API listen on
 * @param namespace {@code NAMESPACE}
 * @param clusterName {@code CLUSTER_NAME}: also the default barman serverName
 * @param pgData {@code PGDATA}: the data directory
 * @param walDir {@code PGWAL}: an optional separate WAL directory (the Cluster's walStorage); pg_wal links to it
 * @param configFile {@code CAIRN_INSTANCE_CONFIG}: the JSON instance configuration ({@link InstanceConfig})
 * @param runDir {@code CAIRN_RUN_DIR}: scratch directory for the Unix socket and the pgpass file
 *     (default {@code /controller/run}, an emptyDir in a pod)
 * @param httpPort {@code CAIRN_INSTANCE_HTTP_PORT}: the HTTP API port (default 8000)
 * @param pgBin {@code CAIRN_PG_BIN}: the directory of postgres, initdb, psql...; default: Debian's PostgreSQL 15
 *     directory when it exists, else the PATH
 * @param selfCommand {@code CAIRN_SELF_COMMAND}: how PostgreSQL's archive_command runs this binary; default: worked
 *     out from the running process
 * @param reportToken {@code CAIRN_ARCHIVE_REPORT_TOKEN}: set by the instance manager for PostgreSQL's children only,
 *     so that {@code cairn wal-archive} may report results to {@code POST /pg/archive-result}
 * @param tlsDir {@code CAIRN_TLS_DIR}: a directory with {@code tls.crt}, {@code tls.key} and {@code ca.crt} (the
 *     Cluster's {@code <cluster>-server} Secret): the instance API is then served over HTTPS; absent: plain HTTP
 *     (local runtime only)
 * @param recoveryCredentials every {@code CAIRN_RECOVERY_<NAME>} as {@code <NAME>}: the recovery source's
 *     credentials, for the barman commands that read it (never logged)
 * @param replicaSnapshot {@code CAIRN_REPLICA_SNAPSHOT}: the snapshot this replica's volumes were created from
 */
public record InstanceEnvironment(
        String podName,
        String podIp,
        String namespace,
        String clusterName,
        Path pgData,
        Optional<Path> walDir,
        Path configFile,
        Path runDir,
        int httpPort,
        Optional<Path> pgBin,
        Optional<String> selfCommand,
        Optional<String> reportToken,
        Optional<Path> tlsDir,
        Map<String, String> recoveryCredentials,
        Optional<InstanceConfig.SnapshotBase> replicaSnapshot) {

    public static final String DEFAULT_RUN_DIR = "/controller/run";

    /** Reads the environment, or throws {@link InstanceConfigException} naming every missing or bad variable. */
    public static InstanceEnvironment from(Map<String, String> env) {
        StringBuilder problems = new StringBuilder();
        String podName = required(env, POD_NAME, problems);
        String podIp = required(env, POD_IP, problems);
        String namespace = required(env, NAMESPACE, problems);
        String clusterName = required(env, CLUSTER_NAME, problems);
        String pgData = required(env, PGDATA, problems);
        String config = required(env, CONFIG, problems);
        int httpPort = InstancePorts.API;
        String port = optional(env, HTTP_PORT).orElse(null);
        if (port != null) {
            try {
                httpPort = Integer.parseInt(port);
                if (httpPort < 1 || httpPort > 65535) {
                    problems.append("\n  ")
                            .append(HTTP_PORT)
                            .append(" is not a port: ")
                            .append(port);
                }
            } catch (NumberFormatException e) {
                problems.append("\n  ")
                        .append(HTTP_PORT)
                        .append(" is not a number: ")
                        .append(port);
            }
        }
        if (pgData != null && !Path.of(pgData).isAbsolute()) {
            problems.append("\n  ")
                    .append(PGDATA)
                    .append(" must be an absolute path: ")
                    .append(pgData);
        }
        Optional<InstanceConfig.SnapshotBase> replicaSnapshot = Optional.empty();
        String snapshot = optional(env, REPLICA_SNAPSHOT).orElse(null);
        if (snapshot != null) {
            try {
                replicaSnapshot =
                        Optional.of(InstanceJson.MAPPER.readValue(snapshot, InstanceConfig.SnapshotBase.class));
            } catch (IOException e) {
                problems.append("\n  ")
                        .append(REPLICA_SNAPSHOT)
                        .append(" is not a snapshot description: ")
                        .append(e.getMessage().lines().findFirst().orElse(""));
            }
        }
        if (!problems.isEmpty()) {
            throw new InstanceConfigException("The instance environment is incomplete:" + problems);
        }
        return new InstanceEnvironment(
                podName,
                podIp,
                namespace,
                clusterName,
                Path.of(pgData),
                optional(env, PGWAL).map(Path::of),
                Path.of(config),
                Path.of(optional(env, RUN_DIR).orElse(DEFAULT_RUN_DIR)),
                httpPort,
                optional(env, PG_BIN).map(Path::of),
                optional(env, SELF_COMMAND),
                optional(env, REPORT_TOKEN),
                optional(env, TLS_DIR).map(Path::of),
                recoveryCredentials(env),
                replicaSnapshot);
    }

    private static Map<String, String> recoveryCredentials(Map<String, String> env) {
        Map<String, String> mapped = new java.util.HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(RECOVERY_PREFIX) && name.length() > RECOVERY_PREFIX.length() && value != null) {
                mapped.put(name.substring(RECOVERY_PREFIX.length()), value);
            }
        });
        return Map.copyOf(mapped);
    }

    /**
     * The environment of a command that reads the recovery source: its credentials under their own names, and every
     * other object-store variable unset (null), so none of the cluster's own store (a session token, a CA bundle)
     * reaches the source.
     */
    public Map<String, String> recoveryEnvironment() {
        Map<String, String> environment = new java.util.HashMap<>();
        for (String name : InstanceEnvironmentVariables.OBJECT_STORE_VARIABLES) {
            environment.put(name, null);
        }
        environment.putAll(recoveryCredentials);
        return java.util.Collections.unmodifiableMap(environment);
    }

    /** Leaves the credentials out: a record's default toString would print them. */
    @Override
    public String toString() {
        return "InstanceEnvironment[podName=" + podName + ", podIp=" + podIp + ", namespace=" + namespace
                + ", clusterName=" + clusterName + ", pgData=" + pgData + ", recoveryCredentials="
                + recoveryCredentials.keySet() + "]";
    }

    /** {@code https://POD_IP:PORT} (or http without TLS): the instance manager's own API, from inside the pod. */
    public String apiBaseUrl() {
        String host = podIp.contains(":") ? "[" + podIp + "]" : podIp;
        return (tlsDir.isPresent() ? "https://" : "http://") + host + ":" + httpPort;
    }

    /** The name the instance API's certificate carries: the Cluster's read-write Service. */
    public String apiServerName() {
        return clusterName + "-rw";
    }

    private static String required(Map<String, String> env, String name, StringBuilder problems) {
        Optional<String> value = optional(env, name);
        if (value.isEmpty()) {
            problems.append("\n  ").append(name).append(" is not set");
        }
        return value.orElse(null);
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}

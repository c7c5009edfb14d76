package io.cairn.instance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InstanceEnvironmentTest {

    private static Map<String, String> complete() {
        Map<String, String> env = new HashMap<>();
        env.put("POD_NAME", "cluster-example-1");
        env.put("POD_IP", "127.0.0.5");
        env.put("NAMESPACE", "default");
        env.put("CLUSTER_NAME", "cluster-example");
        env.put("PGDATA", "/var/lib/postgresql/data/pgdata");
        env.put("CAIRN_INSTANCE_CONFIG", "/etc/cairn/instance.json");
        return env;
    }

    @Test
    void readsTheRequiredVariablesAndDefaults() {
        InstanceEnvironment env = InstanceEnvironment.from(complete());
        assertThat(env.podIp()).isEqualTo("127.0.0.5");
        assertThat(env.pgData()).isEqualTo(Path.of("/var/lib/postgresql/data/pgdata"));
        assertThat(env.walDir()).isEmpty();
        assertThat(env.runDir()).isEqualTo(Path.of("/controller/run"));
        assertThat(env.httpPort()).isEqualTo(8000);
        assertThat(env.reportToken()).isEmpty();
        assertThat(env.apiBaseUrl()).isEqualTo("http://127.0.0.5:8000");
    }

    @Test
    void readsTheOptionalVariables() {
        Map<String, String> vars = complete();
        vars.put("PGWAL", "/var/lib/postgresql/wal/pg_wal");
        vars.put("CAIRN_RUN_DIR", "/tmp/run");
        vars.put("CAIRN_INSTANCE_HTTP_PORT", "18000");
        vars.put("CAIRN_PG_BIN", "/opt/pg/bin");
        vars.put("CAIRN_SELF_COMMAND", "/controller/manager");
        vars.put("CAIRN_ARCHIVE_REPORT_TOKEN", "t0k3n");
        vars.put("POD_IP", "fd00::5");
        InstanceEnvironment env = InstanceEnvironment.from(vars);
        assertThat(env.walDir()).contains(Path.of("/var/lib/postgresql/wal/pg_wal"));
        assertThat(env.runDir()).isEqualTo(Path.of("/tmp/run"));
        assertThat(env.pgBin()).isEqualTo(Optional.of(Path.of("/opt/pg/bin")));
        assertThat(env.selfCommand()).contains("/controller/manager");
        assertThat(env.reportToken()).contains("t0k3n");
        assertThat(env.apiBaseUrl()).isEqualTo("http://[fd00::5]:18000");
    }

    @Test
    void theRecoverySourcesCredentialsKeepTheirNamesWithoutThePrefixAndNeverShowInToString() {
        Map<String, String> vars = complete();
        vars.put("AWS_ACCESS_KEY_ID", "own-archive-key");
        vars.put("CAIRN_RECOVERY_AWS_ACCESS_KEY_ID", "source-key");
        vars.put("CAIRN_RECOVERY_AWS_SECRET_ACCESS_KEY", "source-secret");
        InstanceEnvironment env = InstanceEnvironment.from(vars);
        assertThat(env.recoveryCredentials())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("AWS_ACCESS_KEY_ID", "source-key", "AWS_SECRET_ACCESS_KEY", "source-secret"));
        assertThat(env.toString()).doesNotContain("source-key", "source-secret");
        assertThat(InstanceEnvironment.from(complete()).recoveryCredentials()).isEmpty();
    }

    @Test
    void namesEveryMissingVariable() {
        Map<String, String> vars = complete();
        vars.remove("POD_IP");
        vars.put("CLUSTER_NAME", " ");
        vars.put("PGDATA", "relative/pgdata");
        vars.put("CAIRN_INSTANCE_HTTP_PORT", "eighty");
        assertThatThrownBy(() -> InstanceEnvironment.from(vars))
                .isInstanceOf(InstanceConfigException.class)
                .hasMessageContaining("POD_IP is not set")
                .hasMessageContaining("CLUSTER_NAME is not set")
                .hasMessageContaining("PGDATA must be an absolute path")
                .hasMessageContaining("CAIRN_INSTANCE_HTTP_PORT is not a number");
    }

    @Test
    void aRecoveryCommandGetsTheSourcesCredentialsAndNoneOfTheClustersOwnStoreVariables() {
        Map<String, String> vars = complete();
        vars.put("CAIRN_RECOVERY_AWS_ACCESS_KEY_ID", "source-id");
        vars.put("CAIRN_RECOVERY_AWS_SECRET_ACCESS_KEY", "source-secret");
        vars.put("AWS_SESSION_TOKEN", "the cluster's own token");

        Map<String, String> environment = InstanceEnvironment.from(vars).recoveryEnvironment();

        assertThat(environment)
                .containsEntry("AWS_ACCESS_KEY_ID", "source-id")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "source-secret")
                .containsEntry("AWS_SESSION_TOKEN", null)
                .containsEntry("AWS_CA_BUNDLE", null)
                .containsEntry("AZURE_STORAGE_KEY", null)
                .containsEntry("GOOGLE_APPLICATION_CREDENTIALS", null);
    }
}

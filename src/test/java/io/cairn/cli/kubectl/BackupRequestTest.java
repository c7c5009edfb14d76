package io.cairn.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.BackupTarget;
import io.cairn.api.v1.OnlineConfiguration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackupRequestTest {

    private static final Instant NOW = Instant.parse("2026-12-07T15:04:05.678Z");

    private static BackupRequest request(String... args) {
        return BackupRequest.from(
                Arguments.parse(List.of(args), Subcommand.withCommonOptions(BackupRequest.OPTIONS)), NOW);
    }

    @Test
    void theDefaultNameIsCloudNativePgsClusterAndTheUtcSecond() {
        assertThat(BackupRequest.defaultName("pg-main", NOW)).isEqualTo("pg-main-20261207150405");
        assertThat(request("pg-main").backupName()).isEqualTo("pg-main-20261207150405");
        assertThat(request("pg-main", "--backup-name", "before-upgrade").backupName())
                .isEqualTo("before-upgrade");
    }

    @Test
    void withoutFlagsTheBackupLeavesEveryChoiceToTheClusterAndIsLabelledWithIt() {
        Backup backup = request("pg-main").manifest("demo");

        assertThat(backup.getMetadata().getName()).isEqualTo("pg-main-20261207150405");
        assertThat(backup.getMetadata().getNamespace()).isEqualTo("demo");
        assertThat(backup.getMetadata().getLabels()).containsExactly(Map.entry("cnpg.io/cluster", "pg-main"));
        assertThat(backup.getSpec().cluster().name()).isEqualTo("pg-main");
        assertThat(Stream.of(
                        backup.getSpec().method(),
                        backup.getSpec().target(),
                        backup.getSpec().online(),
                        backup.getSpec().onlineConfiguration(),
                        backup.getSpec().pluginConfiguration()))
                .containsOnlyNulls();
    }

    @Test
    void flagsSetTheirFieldsOnly() {
        Backup backup = request(
                        "pg-main",
                        "--method",
                        "volumeSnapshot",
                        "--target",
                        "primary",
                        "--online",
                        "false",
                        "--immediate-checkpoint")
                .manifest("demo");

        assertThat(backup.getSpec().method()).isEqualTo(BackupMethod.VOLUME_SNAPSHOT);
        assertThat(backup.getSpec().target()).isEqualTo(BackupTarget.PRIMARY);
        assertThat(backup.getSpec().online()).isFalse();
        assertThat(backup.getSpec().onlineConfiguration()).isEqualTo(new OnlineConfiguration(null, true));
        assertThat(request("pg", "-t", "prefer-standby").target()).isEqualTo(BackupTarget.PREFER_STANDBY);
        assertThat(request("pg", "--backup-target", "primary").target()).isEqualTo(BackupTarget.PRIMARY);
        assertThat(request("pg", "--wait-for-archive=false").waitForArchive()).isFalse();
    }

    @Test
    void thePluginMethodCarriesItsNameAndParameters() {
        Backup backup = request(
                        "pg",
                        "-m",
                        "plugin",
                        "--plugin-name",
                        "barman-cloud.cloudnative-pg.io",
                        "--plugin-parameters",
                        "a=1,,b=,c=x=y")
                .manifest("demo");

        assertThat(backup.getSpec().pluginConfiguration().name()).isEqualTo("barman-cloud.cloudnative-pg.io");
        assertThat(backup.getSpec().pluginConfiguration().parameters())
                .containsExactly(Map.entry("a", "1"), Map.entry("b", ""), Map.entry("c", "x=y"));
    }

    @Test
    void invalidValuesAreRefusedNamingTheFlagAndWhatItAccepts() {
        assertThatThrownBy(() -> request())
                .isInstanceOf(UsageException.class)
                .hasMessage("missing cluster name (kubectl cairn backup CLUSTER)");
        assertThatThrownBy(() -> request("pg", "--method", "pgdump"))
                .hasMessage("invalid value \"pgdump\" for --method: one of barmanObjectStore, volumeSnapshot, plugin");
        assertThatThrownBy(() -> request("pg", "--target", "standby"))
                .hasMessage("invalid value \"standby\" for --target: one of primary, prefer-standby");
        assertThatThrownBy(() -> request("pg", "--online", "yes"))
                .hasMessage("invalid value \"yes\" for --online: true or false");
        assertThatThrownBy(() -> request("pg", "--method", "plugin"))
                .hasMessage("--plugin-name is required with --method plugin");
        assertThatThrownBy(() -> request("pg", "--plugin-name", "x"))
                .hasMessage("--plugin-name and --plugin-parameters are only allowed with --method plugin");
        assertThatThrownBy(() -> request("pg", "-m", "plugin", "--plugin-name", "x", "--plugin-parameters", "a"))
                .hasMessage("invalid --plugin-parameters entry \"a\": expected KEY=VALUE");
    }

    @Test
    void whatWasCreatedIsPrintedAsCloudNativePgDoesThenItsFields() {
        assertThat(BackupCommand.created(request("pg-main", "--target", "primary"), "demo"))
                .isEqualTo("""
                backup/pg-main-20261207150405 created
                  Namespace:  demo
                  Cluster:    pg-main
                  Method:     barmanObjectStore (default)
                  Target:     primary
                """);
    }
}

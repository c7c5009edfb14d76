package io.cairn.instance.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.backup.barman.BarmanCapabilities;
import io.cairn.instance.config.InstanceConfig;
import io.cairn.instance.config.InstanceConfigReader;
import io.cairn.instance.process.CommandResult;
import io.cairn.instance.process.CommandRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WalRestorerTest {

    private static final InstanceConfig RECOVERING = InstanceConfigReader.parse("""
            {"bootstrap": {"recovery": {
               "barmanObjectStore": {"destinationPath": "s3://backups/origin", "endpointURL": "http://s3:9000",
                 "s3Credentials": {"accessKeyId": {"name": "src", "key": "id"},
                                   "secretAccessKey": {"name": "src", "key": "key"}}},
               "serverName": "origin", "settings": {"recovery_target_name": "before"}}}}""");
    /** What InstanceEnvironment made of CAIRN_RECOVERY_AWS_ACCESS_KEY_ID and CAIRN_RECOVERY_AWS_SECRET_ACCESS_KEY. */
    private static final Map<String, String> ENVIRONMENT = Map.of("AWS_ACCESS_KEY_ID", "source-key",
            "AWS_SECRET_ACCESS_KEY", "source-secret");

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @Test
    void restoresWithTheSourcesOptionsAndCredentialsFromPgdata() {
        FakeBarman barman = new FakeBarman(0);
        int exit = restorer(barman).restore("000000010000000000000004", "pg_wal/RECOVERYXLOG");
        assertThat(exit).isZero();
        assertThat(barman.command).containsExactly("barman-cloud-wal-restore", "--endpoint-url", "http://s3:9000",
                "--cloud-provider", "aws-s3", "s3://backups/origin", "origin", "000000010000000000000004",
                "pg_wal/RECOVERYXLOG");
        assertThat(barman.env).containsExactlyInAnyOrderEntriesOf(Map.of("AWS_ACCESS_KEY_ID", "source-key",
                "AWS_SECRET_ACCESS_KEY", "source-secret"));
        assertThat(barman.workingDirectory).isEqualTo(Path.of("/pgdata"));
    }

    @Test
    void aMissingFileIsNonZeroAndQuiet() {
        int exit = restorer(new FakeBarman(1)).restore("00000002.history", "pg_wal/RECOVERYHISTORY");
        assertThat(exit).isEqualTo(1);
        assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void otherFailuresAreLoggedAndNeverFatalForPostgres() {
        assertThat(restorer(new FakeBarman(4)).restore("000000010000000000000004", "p")).isEqualTo(4);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("exited with 4").contains("403 Forbidden");
        // a timeout (-1) or a code PostgreSQL reads as fatal (> 125) becomes 1: the file is just not there
        assertThat(restorer(new FakeBarman(-1)).restore("000000010000000000000004", "p")).isEqualTo(1);
        assertThat(restorer(new FakeBarman(255)).restore("000000010000000000000004", "p")).isEqualTo(1);
    }

    @Test
    void withoutARecoverySourceNothingIsRestored() {
        InstanceConfig primary = InstanceConfigReader.parse("{\"bootstrap\": {\"initdb\": {}}}");
        FakeBarman barman = new FakeBarman(0);
        assertThat(new WalRestorer(primary, ENVIRONMENT, Path.of("/pgdata"), BarmanCapabilities.BARMAN_3_4, barman,
                new PrintStream(log, true, StandardCharsets.UTF_8)).restore("000000010000000000000004", "p"))
                .isEqualTo(1);
        assertThat(barman.command).isNull();
    }

    private WalRestorer restorer(FakeBarman barman) {
        return new WalRestorer(RECOVERING, ENVIRONMENT, Path.of("/pgdata"), BarmanCapabilities.BARMAN_3_4, barman,
                new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static final class FakeBarman implements CommandRunner {
        final int exitCode;
        List<String> command;
        Map<String, String> env;
        Path workingDirectory;

        FakeBarman(int exitCode) {
            this.exitCode = exitCode;
        }

        @Override
        public CommandResult run(List<String> command, Map<String, String> env, Path workingDirectory, String stdin,
                Duration timeout) {
            this.command = command;
            this.env = env;
            this.workingDirectory = workingDirectory;
            return new CommandResult(exitCode, "", exitCode == 4 ? "ERROR: 403 Forbidden" : "");
        }
    }
}

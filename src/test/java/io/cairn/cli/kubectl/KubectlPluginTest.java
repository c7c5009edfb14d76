package io.cairn.cli.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The plugin's command line, up to the point where it would call the API server. */
class KubectlPluginTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T15:04:05Z"), ZoneOffset.UTC);

    record Run(int exitCode, String stdout, String stderr) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = KubectlPlugin.run(
                args,
                CLOCK,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommandsAndEachCommandHasItsOwn() {
        assertThat(run("--help").stdout()).contains("backup", "schedule preview", "status");
        assertThat(run().exitCode()).isZero();
        Run backupHelp = run("backup", "--help");
        assertThat(backupHelp.exitCode()).isZero();
        assertThat(backupHelp.stdout())
                .contains(
                        "kubectl cairn backup CLUSTER [flags]",
                        "--backup-name NAME",
                        "-m, --method METHOD",
                        "-n, --namespace NAMESPACE",
                        "--kubeconfig FILE",
                        "--immediate-checkpoint");
        assertThat(run("schedule", "preview", "-h").stdout()).contains("--count N", "--time-zone ZONE", "--from TIME");
        assertThat(run("status", "--help").stdout()).contains("kubectl cairn status CLUSTER");
    }

    @Test
    void anUnknownCommandOrFlagIsAUsageError() {
        Run unknown = run("restore", "pg");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.stderr()).startsWith("error: unknown command \"restore\"");
        assertThat(run("schedule").stderr()).startsWith("error: kubectl cairn schedule needs a command: preview");
        Run badFlag = run("backup", "pg", "--method", "snapshot");
        assertThat(badFlag.exitCode()).isEqualTo(2);
        assertThat(badFlag.stderr())
                .isEqualTo("error: invalid value \"snapshot\" for --method: one of "
                        + "barmanObjectStore, volumeSnapshot, plugin\nSee 'kubectl cairn backup --help'.\n");
    }

    @Test
    void aCronSpecIsPreviewedWithoutAnApiServer() {
        Run preview = run("schedule", "preview", "0 0 0 * * *", "--count", "2", "--time-zone", "Europe/Paris");

        assertThat(preview.exitCode()).isZero();
        assertThat(preview.stdout()).isEqualTo("""
                Schedule:   0 0 0 * * *
                Time zone:  Europe/Paris
                Source:     command line
                After:      2026-12-07T15:04:05Z

                #   UTC                    Europe/Paris
                1   2026-12-07T23:00:00Z   2026-12-08 00:00:00 +01:00
                2   2026-12-08T23:00:00Z   2026-12-09 00:00:00 +01:00
                """);
        assertThat(preview.stderr()).isEmpty();
    }

    @Test
    void aSpreadScheduleShowsEachBackupsStartSlotAndOffset() {
        Run preview = run(
                "schedule",
                "preview",
                "0 0 0 * * *",
                "--count",
                "2",
                "--spread-window",
                "1h",
                "--uid",
                "5f0c6d1e-7a43-4c36-9d6b-2f8e1a9b0c11");

        assertThat(preview.exitCode()).isZero();
        assertThat(preview.stdout()).isEqualTo("""
                Schedule:       0 0 0 * * *
                Time zone:      UTC
                Source:         command line
                After:          2026-12-07T15:04:05Z
                Spread window:  1h (each backup starts at its slot plus the offset; the Backup is named after the slot)

                #   UTC                    Slot (UTC)             Offset
                1   2026-12-08T00:44:31Z   2026-12-08T00:00:00Z   44m31s
                2   2026-12-09T00:44:31Z   2026-12-09T00:00:00Z   44m31s
                """);
        assertThat(run("schedule", "preview", "0 0 0 * * *", "--spread-window", "1h")
                        .stderr())
                .startsWith("error: --spread-window with a cron spec needs --uid");
        assertThat(run("schedule", "preview", "0 0 0 * * *", "--spread-window", "2d", "--uid", "u")
                        .stderr())
                .isEqualTo("error: spreadWindow '2d' is not hours, minutes and seconds such as '30m' or '1h30m'\n");
    }

    @Test
    void aFiveFieldSpecGetsTheOperatorsWarning() {
        Run preview = run("schedule", "preview", "0 0 * * *", "-c", "1", "--from", "2026-03-29T00:30:00+01:00");

        assertThat(preview.stdout()).contains("After:      2026-03-28T23:30:00Z", "1   2026-03-29T00:00:00Z");
        assertThat(preview.stderr())
                .startsWith("Warning: schedule '0 0 * * *' has five fields, which are read as "
                        + "'second minute hour day-of-month month'");
    }

    @Test
    void anInvalidSpecFailsWithTheOperatorsMessage() {
        Run invalid = run("schedule", "preview", "0 0 * * * * *");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.stderr())
                .isEqualTo(
                        "error: schedule '0 0 * * * * *' is not valid: Expected 5 to 6 fields, found 7: 0 0 * * * * *\n");
        assertThat(run("schedule", "preview", "@daily", "--count", "0").stderr())
                .startsWith("error: invalid value \"0\" for --count: a number from 1 to 1000");
        assertThat(run("schedule", "preview", "@daily", "--from", "tomorrow").exitCode())
                .isEqualTo(2);
    }

    @Test
    void aNameIsAScheduledBackupAndAnythingWithASpaceOrAnAtIsASpec() {
        assertThat(SchedulePreviewCommand.isCronSpec("nightly")).isFalse();
        assertThat(SchedulePreviewCommand.isCronSpec("0 0 0 * * *")).isTrue();
        assertThat(SchedulePreviewCommand.isCronSpec("@every 1h")).isTrue();
        assertThat(SchedulePreviewCommand.isCronSpec("@daily")).isTrue();
    }
}

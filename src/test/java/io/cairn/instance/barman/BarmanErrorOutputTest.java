package io.cairn.instance.barman;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BarmanErrorOutputTest {

    @Test
    void theErrorLineOfA403WithoutItsLogPrefix() {
        assertThat(BarmanErrorOutput.meaningful(BarmanBackupJsonTest.resource("backup-403.stderr")))
                .isEqualTo("Barman cloud backup exception: An error occurred (403) when calling the HeadBucket "
                        + "operation: Forbidden");
    }

    @Test
    void errorLinesWithoutTheTracebackNoise() {
        String stderr = """
                2026-11-25 17:52:17,525 [29438] ERROR: Backup failed uploading data (NotImplemented)
                2026-11-25 17:52:17,540 [29438] ERROR: Backup failed uploading backup.info file (NotImplemented)
                Exception ignored in: <function _Stream.__del__ at 0x7fc4f8d6bce0>
                Traceback (most recent call last):
                  File "/usr/lib/python3/dist-packages/botocore/signers.py", line 219, in _choose_signer
                ReferenceError: weakly-referenced object no longer exists
                """;
        assertThat(BarmanErrorOutput.meaningful(stderr))
                .isEqualTo("Backup failed uploading data (NotImplemented); "
                        + "Backup failed uploading backup.info file (NotImplemented)");
    }

    @Test
    void argparseErrors() {
        String stderr = """
                usage: barman-cloud-backup [-V] [--help] [-v | -q] [-t]
                                           destination_url server_name
                barman-cloud-backup: error: unrecognized arguments: --bogus
                """;
        assertThat(BarmanErrorOutput.meaningful(stderr))
                .isEqualTo("barman-cloud-backup: error: unrecognized arguments: --bogus");
    }

    @Test
    void otherwiseTheLastPlainLinesCutToASaneLength() {
        assertThat(BarmanErrorOutput.meaningful("a\nb\n  indented\nc\nd\n")).isEqualTo("b; c; d");
        assertThat(BarmanErrorOutput.meaningful("ERROR: " + "x".repeat(5000)))
                .hasSize(BarmanErrorOutput.MAX_LENGTH)
                .endsWith("...");
        assertThat(BarmanErrorOutput.meaningful(null)).isEmpty();
    }
}

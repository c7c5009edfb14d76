package io.cairn.backup.barman;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.backup.FailureKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which of barman-cloud-backup's failures are worth another attempt. */
class BarmanFailuresTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Barman cloud backup exception: Can't connect to cloud provider: Could not connect to the endpoint URL: "
                        + "\"http://127.0.0.1:9999/pgbackup\"",
                "Barman cloud backup exception: Connect timeout on endpoint URL: \"http://10.0.0.9:9000/pgbackup\"",
                "Barman cloud backup exception: Read timeout on endpoint URL: \"http://s3:9000/b?uploads\"",
                "Connection was closed before we received a valid response from endpoint URL",
                "An error occurred (503) when calling the UploadPart operation (reached max retries: 4): SlowDown",
                "An error occurred (InternalError) when calling the CompleteMultipartUpload operation",
                "An error occurred (500) when calling the PutObject operation: Internal Server Error",
                "interrupted: the instance manager stopped during the backup",
            })
    void theObjectStoreAwayOrOverloadedIsTransient(String error) {
        assertThat(BarmanFailures.kind(error)).isEqualTo(FailureKind.TRANSIENT);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Barman cloud backup exception: An error occurred (403) when calling the HeadBucket operation: Forbidden",
                "An error occurred (InvalidAccessKeyId) when calling the PutObject operation",
                "An error occurred (SignatureDoesNotMatch) when calling the CreateMultipartUpload operation",
                "ERROR: Bucket nosuchbucket does not exist",
                "barman-cloud-backup refused its arguments (invalid arguments)",
                "cancelled by the operator",
                "barman-cloud-backup exited with 1",
            })
    void refusedCredentialsBadRequestsAndAnythingUnknownArePermanent(String error) {
        assertThat(BarmanFailures.kind(error)).isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void aRefusalWinsOverSignsOfAnOutageInTheSameMessage() {
        assertThat(BarmanFailures.kind("(403) Forbidden; reached max retries after read timeout"))
                .isEqualTo(FailureKind.PERMANENT);
        assertThat(BarmanFailures.kind(null)).isEqualTo(FailureKind.PERMANENT);
    }
}

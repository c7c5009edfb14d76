package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** How WAL files are archived to and restored from the object store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WalBackupConfiguration(
        @JsonPropertyDescription("Compression of WAL files: bzip2, gzip, lz4, snappy, xz or zstd. Empty: none.")
        WalCompression compression,

        @JsonPropertyDescription("Server-side encryption: AES256 or aws:kms. Empty: the bucket's policy.")
        EncryptionType encryption,

        @Min(1)
        @JsonPropertyDescription(
                "How many WAL files are archived (or prefetched on restore) in parallel. " + "Unset: one at a time.")
        Integer maxParallel,

        @JsonPropertyDescription("Extra options for barman-cloud-wal-archive; an option the operator already sets "
                + "is not overridden.")
        List<String> archiveAdditionalCommandArgs,

        @JsonPropertyDescription("Extra options for barman-cloud-wal-restore; an option the operator already sets "
                + "is not overridden.")
        List<String> restoreAdditionalCommandArgs) {}

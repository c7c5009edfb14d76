package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** How base backups are written to the object store. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataBackupConfiguration(
        @JsonPropertyDescription("Compression of the backup files: bzip2, gzip, lz4 or snappy. Empty: none.")
        DataCompression compression,

        @JsonPropertyDescription("Server-side encryption: AES256 or aws:kms. Empty: the bucket's policy.")
        EncryptionType encryption,

        @Min(1)
        @JsonPropertyDescription("Parallel upload jobs (barman-cloud-backup --jobs). Unset: barman's default (2).")
        Integer jobs,

        @JsonPropertyDescription("Request an immediate checkpoint instead of a spread one. Default: false.")
        Boolean immediateCheckpoint,

        @JsonPropertyDescription(
                "Extra options for barman-cloud-backup; an option the operator already sets is " + "not overridden.")
        List<String> additionalCommandArgs,

        @JsonPropertyDescription(
                "Extra options for barman-cloud-restore; an option the operator already sets is " + "not overridden.")
        List<String> restoreAdditionalCommandArgs) {}

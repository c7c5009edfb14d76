package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The backup section of a Cluster: where backups and WAL go and how they are kept. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = BackupDeadlines.RULE, fieldPath = ".deadline", message = BackupDeadlines.MESSAGE)
public record BackupConfiguration(
        @JsonPropertyDescription("Volume snapshot backups.") VolumeSnapshotConfiguration volumeSnapshot,

        @JsonPropertyDescription("Object store backups and continuous WAL archiving with barman-cloud.")
        BarmanObjectStoreConfiguration barmanObjectStore,

        @Pattern("^[1-9][0-9]*[dwm]$")
        @JsonPropertyDescription("How long backups are kept, as a recovery window: a number followed by d (days), "
                + "w (weeks) or m (months), e.g. '30d'.")
        String retentionPolicy,

        @Default("prefer-standby")
        @JsonPropertyDescription("Where backups run by default: prefer-standby (default; the most up-to-date ready "
                + "standby, falling back to the primary) or primary.")
        BackupTarget target,

        @Size(max = BackupDeadlines.MAX_LENGTH)
        @JsonPropertyDescription("Cairn extension: the deadline of this cluster's Backups that set none: how long a "
                + "backup may take from its creation, waiting included, before it is failed (DeadlineExceeded) "
                + "and its running job cancelled; hours, minutes and seconds, e.g. '6h'. Unset means no deadline.")
        String deadline) {}

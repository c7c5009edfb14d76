package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where point-in-time recovery stops. At most one of the target options; targetTLI combines with any. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "[has(self.targetXID), has(self.targetName), has(self.targetLSN), has(self.targetTime), "
                + "has(self.targetImmediate) && self.targetImmediate].filter(x, x).size() <= 1",
        message = "Recovery target options are mutually exclusive")
public record RecoveryTarget(
        @JsonPropertyDescription("The ID of the base backup to restore from. Default: chosen from the catalogue "
                + "by the target time or LSN, else the latest.")
        String backupID,

        @Pattern("^(latest|[1-9][0-9]*)$")
        @JsonPropertyDescription(
                "The timeline to recover along: 'latest' or a positive number " + "(recovery_target_timeline).")
        String targetTLI,

        @Pattern("^[0-9]{1,10}$") @JsonPropertyDescription("Recover up to this transaction ID (recovery_target_xid).")
        String targetXID,

        @Size(max = 63)
        @JsonPropertyDescription(
                "Recover up to this restore point, created with pg_create_restore_point() " + "(recovery_target_name).")
        String targetName,

        @Pattern("^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$")
        @JsonPropertyDescription("Recover up to this LSN, e.g. '0/3000000' (recovery_target_lsn).")
        String targetLSN,

        @JsonPropertyDescription("Recover up to this time: RFC 3339 or a PostgreSQL timestamp; without a zone it "
                + "is UTC (recovery_target_time).")
        String targetTime,

        @JsonPropertyDescription("Stop as soon as a consistent state is reached (recovery_target = 'immediate').")
        Boolean targetImmediate,

        @JsonPropertyDescription(
                "Stop just before the target instead of just after it " + "(recovery_target_inclusive = false).")
        Boolean exclusive) {}

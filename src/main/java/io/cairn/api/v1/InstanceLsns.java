package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A Cairn extension of the Cluster status: an instance's role and WAL positions as its instance manager last
 * reported them ({@code /pg/status}). CloudNativePG has no field for them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceLsns(
        @Required @JsonPropertyDescription("The instance (pod) name.")
        String name,

        @JsonPropertyDescription("primary or replica, as PostgreSQL reports it.")
        String role,

        @JsonPropertyDescription("A primary's current WAL write position (pg_current_wal_lsn).")
        String currentLsn,

        @JsonPropertyDescription(
                "A standby's last WAL position received and flushed from the primary " + "(pg_last_wal_receive_lsn).")
        String receivedLsn,

        @JsonPropertyDescription("A standby's last WAL position replayed (pg_last_wal_replay_lsn).")
        String replayedLsn) {}

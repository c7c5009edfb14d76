package io.cairn.backup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the operator drives backups on the instances; see docs/configuration.md and docs/backups.md. */
@ConfigMapping(prefix = "cairn.backup")
public interface BackupSettings {

    /**
     * How often a started or running backup's instance is asked how it goes (one GET to the instance; the Backup is
     * written only when something changed). It bounds how late a finished backup is seen: see docs/benchmarks.md.
     */
    @WithDefault("2s")
    Duration pollInterval();

    /**
     * How long a backup waits for WAL archiving to work on the primary before it fails (CloudNativePG: 10 checks,
     * 60 s apart).
     */
    @WithDefault("10m")
    Duration walArchiveCheckTimeout();

    /** How long a completed backup taken on a standby waits for its last WAL file to be archived. */
    @WithDefault("5m")
    Duration endWalArchiveTimeout();

    /** How long the instance running a backup may not answer before the backup fails. */
    @WithDefault("2m")
    Duration instanceUnreachableTimeout();

    /**
     * How many attempts a backup gets in all when its attempts fail for a transient reason (the object store or the
     * instance away for a while); 1 turns retries off. A permanent failure fails the backup at once.
     */
    @WithDefault("3")
    int maxAttempts();

    /** The wait before the second attempt of a backup; it doubles for each further attempt. */
    @WithDefault("30s")
    Duration retryBackoff();

    /** The longest wait between two attempts of a backup. */
    @WithDefault("5m")
    Duration maxRetryBackoff();

    /** The HTTP timeout of the calls that start a backup or ask about it. */
    @WithDefault("10s")
    Duration requestTimeout();

    /**
     * Whether the pods can take the cloud identity of the node they run on (an AWS IAM role, an Azure AD or GKE
     * workload identity). Where they cannot, as in Cairn's local runtime and its tests, a Backup of a Cluster whose
     * object store asks for one fails at once with {@code AmbientIdentityUnavailable}, instead of barman timing out
     * against a metadata endpoint that is not there.
     */
    @WithDefault("true")
    boolean ambientIdentities();
}

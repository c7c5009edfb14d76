package io.cairn.instance.http;

import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.RecoveryFailure;
import io.cairn.instance.archive.ArchiveResultLog;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.postgres.DataDirectory;
import io.cairn.instance.postgres.PostgresClient;
import io.cairn.instance.postgres.PostgresSnapshot;
import io.cairn.instance.postgres.PostgresSupervisor;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Builds {@link InstanceStatus} from PostgreSQL, the supervisor and the archive results. */
public final class StatusService {

    private final InstanceEnvironment env;
    private final PostgresClient postgres;
    private final PostgresSupervisor supervisor;
    private final ArchiveResultLog archiveResults;
    private final BooleanSupplier initialized;
    private final Supplier<RecoveryFailure> recoveryFailure;
    private final String sessionId;

    /**
     * @param initialized whether the instance manager finished starting this instance (on a primary: the replication
     *     role and the application database exist)
     */
    public StatusService(
            InstanceEnvironment env,
            PostgresClient postgres,
            PostgresSupervisor supervisor,
            ArchiveResultLog archiveResults,
            BooleanSupplier initialized,
            String sessionId) {
        this(env, postgres, supervisor, archiveResults, initialized, () -> null, sessionId);
    }

    /** @param recoveryFailure why the recovery cannot succeed, null while it can: the status's error */
    public StatusService(
            InstanceEnvironment env,
            PostgresClient postgres,
            PostgresSupervisor supervisor,
            ArchiveResultLog archiveResults,
            BooleanSupplier initialized,
            Supplier<RecoveryFailure> recoveryFailure,
            String sessionId) {
        this.recoveryFailure = recoveryFailure;
        this.env = env;
        this.postgres = postgres;
        this.supervisor = supervisor;
        this.archiveResults = archiveResults;
        this.initialized = initialized;
        this.sessionId = sessionId;
    }

    /** Ready: started (see the constructor) and PostgreSQL accepts connections. */
    public boolean ready() {
        return initialized.getAsBoolean() && postgres.acceptsConnections();
    }

    public InstanceStatus status() {
        InstanceStatus.PostgresProcess process =
                new InstanceStatus.PostgresProcess(supervisor.pid().orElse(null), supervisor.restarts());
        RecoveryFailure failure = recoveryFailure.get();
        if (failure != null) {
            return unavailable(process, failure.message(), failure);
        }
        if (!postgres.acceptsConnections()) {
            return unavailable(process, "PostgreSQL does not accept connections (yet)", null);
        }
        PostgresSnapshot s;
        try {
            s = PostgresSnapshot.take(postgres);
        } catch (RuntimeException e) {
            return unavailable(process, e.getMessage(), null);
        }
        return new InstanceStatus(
                env.podName(),
                env.clusterName(),
                env.namespace(),
                s.role(),
                initialized.getAsBoolean(),
                s.timeline(),
                s.currentLsn(),
                s.receivedLsn(),
                s.replayedLsn(),
                s.walReceiverStatus(),
                new InstanceStatus.Archiver(
                        s.archivedCount(),
                        s.lastArchivedWal(),
                        s.lastArchivedTime(),
                        s.failedCount(),
                        s.lastFailedWal(),
                        s.lastFailedTime(),
                        s.statsReset()),
                archiveResults.last(),
                archiveResults.lastFailure(),
                process,
                null,
                sessionId,
                null);
    }

    private InstanceStatus unavailable(
            InstanceStatus.PostgresProcess process, String error, RecoveryFailure recoveryFailure) {
        String role = new DataDirectory(env.pgData()).standby() ? InstanceStatus.REPLICA : InstanceStatus.PRIMARY;
        return new InstanceStatus(
                env.podName(),
                env.clusterName(),
                env.namespace(),
                role,
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                archiveResults.last(),
                archiveResults.lastFailure(),
                process,
                error,
                sessionId,
                recoveryFailure);
    }
}

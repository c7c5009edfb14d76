package io.cairn.instance.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.instance.api.BackupMode;
import io.cairn.instance.api.BackupModeStart;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.postgres.PostgresSession;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The backup mode of a hot volume snapshot backup (CloudNativePG's {@code /pg/mode/backup}): a dedicated session
 * kept open by the instance manager runs {@code pg_create_physical_replication_slot} (temporary, so WAL from the
 * start of the backup is kept until it ends) and {@code pg_backup_start}, the operator snapshots the volumes, then
 * the same session runs {@code pg_backup_stop} and closes. Starting and stopping run in the background (both may
 * wait: for a checkpoint, for archiving); {@link #current} says where it is. One backup at a time; a new start
 * closes the previous session, which aborts a backup still in progress.
 */
public final class BackupModeSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackupModeSession.class);
    private static final int MAX_SLOT_NAME = 63;

    /** Why a stop was refused (CloudNativePG's codes). */
    public enum Refusal {
        NO_ONGOING_BACKUP,
        NOT_CURRENT_RUNNING_BACKUP,
        BACKUP_FAILED,
        CANNOT_CLOSE_NOT_STARTED
    }

    /** A refused stop. */
    public static final class Refused extends RuntimeException {
        private final Refusal refusal;

        Refused(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final String sessionId;
    private final Supplier<PostgresSession> sessions;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "backup-mode");
        thread.setDaemon(true);
        return thread;
    });
    private BackupMode state;
    private PostgresSession session;
    private int serverVersion;
    private boolean waitForArchive;

    public BackupModeSession(String sessionId, Supplier<PostgresSession> sessions) {
        this.sessionId = sessionId;
        this.sessions = sessions;
        this.state = BackupMode.none(sessionId);
    }

    public synchronized BackupMode current() {
        return state;
    }

    /**
     * Starts backup mode for {@code request.backupName()}, unless it is already starting, started or further for
     * that name (then its state is returned as it is).
     */
    public synchronized BackupMode start(BackupModeStart request) {
        if (state.isFor(request.backupName()) && state.phase() != BackupMode.Phase.FAILED) {
            return state;
        }
        closeSession();
        waitForArchive = request.waitForArchive();
        state = new BackupMode(
                request.backupName(), sessionId, BackupMode.Phase.STARTING, null, null, null, null, null);
        executor.execute(() -> runStart(request));
        return state;
    }

    /**
     * Stops backup mode for {@code backupName}: {@code pg_backup_stop} in the background, waiting for archiving as
     * the start asked.
     */
    public synchronized BackupMode stop(String backupName) {
        if (state.phase() == null) {
            throw new Refused(Refusal.NO_ONGOING_BACKUP, "no backup in progress");
        }
        if (!state.isFor(backupName)) {
            throw new Refused(
                    Refusal.NOT_CURRENT_RUNNING_BACKUP,
                    "the backup in progress is " + state.backupName() + ", not " + backupName);
        }
        switch (state.phase()) {
            case CLOSING, COMPLETED:
                return state;
            case FAILED:
                throw new Refused(Refusal.BACKUP_FAILED, "the backup failed: " + state.error());
            case STARTING:
                throw new Refused(Refusal.CANNOT_CLOSE_NOT_STARTED, "the backup is still starting");
            default:
                break;
        }
        state = with(BackupMode.Phase.CLOSING);
        boolean waitForArchive = this.waitForArchive;
        executor.execute(() -> runStop(backupName, waitForArchive));
        return state;
    }

    /**
     * Abandons the backup {@code backupName} in whatever phase it is: its session is closed, which ends backup mode
     * and drops the temporary slot (so no WAL is held for a backup nobody will stop). Another backup, or one already
     * completed or failed, is left as it is.
     */
    public synchronized BackupMode abort(String backupName) {
        if (state.isFor(backupName)
                && state.phase() != BackupMode.Phase.COMPLETED
                && state.phase() != BackupMode.Phase.FAILED) {
            LOG.infof("backup %s abandoned by the operator: closing its session", backupName);
            closeSession();
            state = new BackupMode(
                    backupName,
                    sessionId,
                    BackupMode.Phase.FAILED,
                    state.beginLSN(),
                    null,
                    null,
                    null,
                    "abandoned by the operator");
        }
        return state;
    }

    private void runStart(BackupModeStart request) {
        String name = request.backupName();
        try {
            PostgresSession opened = sessions.get();
            synchronized (this) {
                if (!inPhase(name, BackupMode.Phase.STARTING)) {
                    opened.close();
                    return;
                }
                session = opened;
            }
            serverVersion = Integer.parseInt(single(opened.query("SELECT current_setting('server_version_num')")));
            opened.query("SELECT pg_create_physical_replication_slot(slot_name => " + literal(slotName(name))
                    + ", immediately_reserve => true, temporary => true)");
            String lsn = single(opened.query(
                    serverVersion >= 150000
                            ? "SELECT pg_backup_start(label => " + literal(name) + ", fast => "
                                    + request.immediateCheckpoint() + ")"
                            : "SELECT pg_start_backup(" + literal(name) + ", " + request.immediateCheckpoint()
                                    + ", false)"));
            synchronized (this) {
                if (inPhase(name, BackupMode.Phase.STARTING)) {
                    state = new BackupMode(name, sessionId, BackupMode.Phase.STARTED, lsn, null, null, null, null);
                }
            }
            LOG.infof("backup mode started for %s at %s", name, lsn);
        } catch (RuntimeException e) {
            fail(name, "cannot start backup mode: " + e.getMessage());
        }
    }

    private void runStop(String name, boolean waitForArchive) {
        try {
            PostgresSession open;
            synchronized (this) {
                open = session;
            }
            String json = single(open.query("SELECT json_build_object('lsn', lsn::text, 'labelFile', labelfile, "
                    + "'spcmapFile', spcmapfile) FROM "
                    + (serverVersion >= 150000
                            ? "pg_backup_stop(wait_for_archive => " + waitForArchive + ")"
                            : "pg_stop_backup(false, " + waitForArchive + ")")));
            JsonNode stopped = InstanceJson.MAPPER.readTree(json);
            synchronized (this) {
                if (inPhase(name, BackupMode.Phase.CLOSING)) {
                    state = new BackupMode(
                            name,
                            sessionId,
                            BackupMode.Phase.COMPLETED,
                            state.beginLSN(),
                            stopped.path("lsn").asText(),
                            base64(stopped.path("labelFile").asText("")),
                            base64(stopped.path("spcmapFile").asText("")),
                            null);
                }
                closeSession();
            }
            LOG.infof("backup mode stopped for %s", name);
        } catch (JsonProcessingException | RuntimeException e) {
            fail(name, "cannot stop backup mode: " + e.getMessage());
        }
    }

    private synchronized void fail(String name, String error) {
        LOG.errorf("backup %s: %s", name, error);
        if (!state.isFor(name)) {
            return; // replaced by another backup, which owns the session now
        }
        if (state.phase() != BackupMode.Phase.FAILED) {
            state = new BackupMode(name, sessionId, BackupMode.Phase.FAILED, state.beginLSN(), null, null, null, error);
        }
        closeSession();
    }

    /** Whether {@code name}'s backup is still where the background task left it (not aborted nor replaced). */
    private boolean inPhase(String name, BackupMode.Phase phase) {
        return state.isFor(name) && state.phase() == phase;
    }

    private BackupMode with(BackupMode.Phase phase) {
        return new BackupMode(
                state.backupName(),
                sessionId,
                phase,
                state.beginLSN(),
                state.endLSN(),
                state.backupLabelFile(),
                state.tablespaceMapFile(),
                state.error());
    }

    private void closeSession() {
        if (session != null) {
            session.close();
            session = null;
        }
    }

    /** Ends a backup still in progress (the instance manager stops). */
    @Override
    public synchronized void close() {
        closeSession();
        executor.shutdownNow();
    }

    /** CloudNativePG's slot name: the backup's name with every character but {@code [a-z0-9_]} as {@code _}. */
    static String slotName(String backupName) {
        String slot = backupName.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        return slot.length() > MAX_SLOT_NAME ? slot.substring(0, MAX_SLOT_NAME) : slot;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String single(List<String> lines) {
        if (lines.size() != 1) {
            throw new IllegalStateException("expected one value, got " + lines);
        }
        return lines.get(0).strip();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

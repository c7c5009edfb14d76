package io.cairn.instance.postgres;

import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.recovery.RecoveryException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * PGDATA restored from a VolumeSnapshot (a recovery's first instance, or a replica created from the newest snapshot
 * backup), prepared in place: never wiped, for the volume holds the only copy of the snapshot's data.
 *
 * <p>A marker beside PGDATA ({@code <PGDATA>.cairn-snapshot-restore}, on the data volume) holds {@code prepared <id>}
 * or {@code restored <id>} for the restore it belongs to, so a restart resumes instead of preparing twice; a snapshot
 * of a volume that was itself restored carries another id and is prepared again.
 */
final class RestoredSnapshot {

    static final String PREPARED = "prepared ";
    static final String RESTORED = "restored ";
    static final String BACKUP_LABEL = "backup_label";
    static final String TABLESPACE_MAP = "tablespace_map";
    static final String AUTO_CONF = "postgresql.auto.conf";

    /**
     * postgresql.auto.conf settings a restored volume may carry that would make the new instance follow, read from
     * or archive like its source (a standby's volume carries primary_conninfo).
     */
    static final Set<String> INHERITED_SETTINGS = Stream.concat(
                    PostgresConfRenderer.RECOVERY_TARGETS.stream(),
                    Stream.of(
                            "primary_conninfo",
                            "primary_slot_name",
                            "restore_command",
                            "archive_cleanup_command",
                            "recovery_end_command",
                            "archive_mode",
                            "archive_command"))
            .collect(Collectors.toUnmodifiableSet());

    private final InstanceEnvironment env;
    private final DataDirectory data;
    private final Path marker;

    RestoredSnapshot(InstanceEnvironment env) {
        this.env = env;
        this.data = new DataDirectory(env.pgData());
        this.marker = marker(env.pgData());
    }

    /** {@code <PGDATA>.cairn-snapshot-restore}: beside PGDATA, so on the data volume, as the bootstrap marker. */
    static Path marker(Path pgData) {
        return pgData.resolveSibling(pgData.getFileName() + ".cairn-snapshot-restore");
    }

    boolean isDone(InstanceConfig.SnapshotBase base) {
        return state().equals(RESTORED + base.restoreId());
    }

    boolean isPrepared(InstanceConfig.SnapshotBase base) {
        return state().equals(PREPARED + base.restoreId());
    }

    void markPrepared(InstanceConfig.SnapshotBase base) {
        write(marker, PREPARED + base.restoreId() + "\n");
    }

    void markDone(InstanceConfig.SnapshotBase base) {
        write(marker, RESTORED + base.restoreId() + "\n");
    }

    private String state() {
        try {
            return Files.exists(marker) ? Files.readString(marker).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The restored PGDATA without the files of the source's life (its pid, signals, flags) and without {@code more},
     * with the snapshot's backup_label and tablespace_map written back for a hot snapshot, and pg_wal where this
     * instance keeps it.
     *
     * @throws RecoveryException when the volume holds no database, or its pg_wal is on a volume not restored
     */
    void prepare(InstanceConfig.SnapshotBase base, String... more) {
        Path pgData = env.pgData();
        if (!Files.exists(pgData.resolve("PG_VERSION"))) {
            throw new RecoveryException("PGDATA " + pgData + " holds no database although it should have been "
                    + "restored from the VolumeSnapshot " + base.snapshot() + ": was the claim created from it?");
        }
        try {
            removeTheSourcesLife(pgData);
            for (String file : more) {
                data.remove(file);
            }
            data.remove(BACKUP_LABEL);
            data.remove(TABLESPACE_MAP);
            if (base.online()) {
                write(pgData.resolve(BACKUP_LABEL), base.backupLabel());
                if (base.tablespaceMap() != null && !base.tablespaceMap().isEmpty()) {
                    write(pgData.resolve(TABLESPACE_MAP), base.tablespaceMap());
                }
            }
            placeRestoredWal();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + pgData + " restored from " + base.snapshot(), e);
        }
    }

    /**
     * PGDATA of mode 0700 (neither barman nor a restored volume promises it) without the files of the source's life:
     * its flags, its standby signal, its pid.
     */
    static void removeTheSourcesLife(Path pgData) throws IOException {
        Files.setPosixFilePermissions(pgData, PosixFilePermissions.fromString("rwx------"));
        DataDirectory data = new DataDirectory(pgData);
        for (String inherited : List.of(
                DataDirectory.CHECK_EMPTY_WAL_ARCHIVE,
                DataDirectory.POST_INIT_PENDING,
                DataDirectory.STANDBY_SIGNAL,
                "postmaster.pid",
                "postmaster.opts")) {
            data.remove(inherited);
        }
    }

    /**
     * pg_wal as this instance keeps it: a link to PGWAL (the restored WAL volume, or the restored segments moved
     * there when the snapshot kept them in PGDATA), or a directory in PGDATA.
     */
    private void placeRestoredWal() throws IOException {
        Path pgWal = env.pgData().resolve("pg_wal");
        if (Files.isSymbolicLink(pgWal)) {
            if (env.walDir().isEmpty() || !Files.isDirectory(pgWal)) {
                throw new RecoveryException("The snapshot's pg_wal is a link to a separate WAL volume ("
                        + Files.readSymbolicLink(pgWal) + "), which was not restored: give "
                        + "bootstrap.recovery.volumeSnapshots.walStorage and spec.walStorage");
            }
        } else if (env.walDir().isPresent()) {
            Path walDir = env.walDir().get();
            Files.createDirectories(walDir);
            if (Files.isDirectory(pgWal)) {
                try (Stream<Path> entries = Files.list(pgWal)) {
                    for (Path entry : entries.toList()) {
                        Files.move(entry, walDir.resolve(entry.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                Files.delete(pgWal);
            }
            Files.createSymbolicLink(pgWal, walDir);
        }
        Files.createDirectories(pgWal.resolve("archive_status"));
    }

    /** The restored postgresql.auto.conf (ALTER SYSTEM) without what ties it to its source. */
    String inheritedAutoConf() {
        Path file = env.pgData().resolve(AUTO_CONF);
        if (!Files.exists(file)) {
            return "# Do not edit this file manually!\n# It will be overwritten by the ALTER SYSTEM command.\n";
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(line -> !INHERITED_SETTINGS.contains(settingName(line)))
                    .collect(Collectors.joining("\n", "", "\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String settingName(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return "";
        }
        int end = 0;
        while (end < trimmed.length()
                && (Character.isLetterOrDigit(trimmed.charAt(end))
                        || trimmed.charAt(end) == '_'
                        || trimmed.charAt(end) == '.')) {
            end++;
        }
        return trimmed.substring(0, end).toLowerCase(Locale.ROOT);
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

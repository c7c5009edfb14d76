/**
 * The contract between the operator and the instance manager, the only instance package the operator imports: the
 * pod's configuration ({@link InstanceConfig}, {@link InstanceEnvironmentVariables}, {@link InstancePorts}, the
 * recovery target time's form in {@link RecoveryTargetTime}), the JSON of the API ({@link InstanceJson}), the TLS
 * trust both ends apply ({@code tls}) and the records of the HTTP API below. It imports no other instance package.
 *
 * <p>Every record is JSON through {@link InstanceJson#MAPPER}; unknown fields are ignored on both sides, so either
 * side may add fields. Endpoints (all on {@code POD_IP:8000}):
 *
 * <ul>
 *   <li>{@code POST /pg/backups} with a {@link BackupRequest}: starts barman-cloud-backup in the background and
 *       answers 202 with the {@link BackupJob}. Idempotent per {@code backupName}: the same name answers the existing
 *       job (200). Another backup still running: 409 with code {@code ANOTHER_BACKUP_IN_PROGRESS}. Invalid request:
 *       400 with a message.</li>
 *   <li>{@code GET /pg/backups/<backupName>}: the {@link BackupJob}; 404 when this instance manager (this session)
 *       never ran it.</li>
 *   <li>{@code POST /pg/wal-switch} with a {@link WalSwitchRequest}: on the primary, optionally {@code CHECKPOINT},
 *       then {@code pg_switch_wal()}; answers a {@link WalSwitchResult}; 409 on a standby.</li>
 *   <li>{@code PUT /pg/backup-times} with {@link BackupTimes}: the Cluster's backup times the operator computed,
 *       exported as CloudNativePG's {@code cnpg_collector_*} gauges; 204.</li>
 * </ul>
 *
 * <p>{@code GET /pg/status} answers the {@link InstanceStatus}: it carries the instance manager's {@code sessionId}
 * (random per start), so a backup whose instance answers with another session was interrupted by a restart, and a
 * {@link RecoveryFailure} when the instance's recovery cannot succeed. The paths are in {@link InstancePaths}; every
 * JSON error is an {@link InstanceError}. The operator's one client is {@code client.InstanceClient}.
 */
package io.cairn.instance.api;

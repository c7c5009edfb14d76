package io.cairn.backup.barman;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.backup.BackupSettings;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.WalSwitchRequest;
import io.cairn.instance.api.WalSwitchResult;
import io.cairn.instance.api.client.InstanceCalls;
import io.cairn.instance.api.client.InstanceEndpoints;
import io.cairn.instance.api.client.InstanceReply;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * {@link InstanceBackupClient} over the instance API ({@link InstanceEndpoints}: HTTPS on port 8000 verified against
 * the Cluster's CA, the same client as the Cluster reconciler's), with the timeout of
 * {@code cairn.backup.request-timeout} on every call.
 */
@ApplicationScoped
public class HttpInstanceBackupClient implements InstanceBackupClient {

    private final InstanceCalls calls;

    @Inject
    public HttpInstanceBackupClient(BackupSettings settings, InstanceEndpoints endpoints) {
        this(settings.requestTimeout(), endpoints);
    }

    HttpInstanceBackupClient(Duration timeout, InstanceEndpoints endpoints) {
        this.calls = new InstanceCalls(endpoints, timeout);
    }

    @Override
    public InstanceReply<InstanceState> status(String podIp) {
        InstanceReply<JsonNode> reply = call(podIp, "/pg/status", null, "GET");
        return reply.succeeded() ? InstanceReply.ok(parseStatus(reply.value()))
                : InstanceReply.refused(reply.httpStatus(), reply.code(), reply.error());
    }

    @Override
    public InstanceReply<BackupJob> start(String podIp, BackupRequest request) {
        return call(podIp, "/pg/backups", request, "POST", BackupJob.class);
    }

    @Override
    public InstanceReply<BackupJob> job(String podIp, String backupName) {
        return call(podIp, "/pg/backups/" + URLEncoder.encode(backupName, StandardCharsets.UTF_8), null, "GET",
                BackupJob.class);
    }

    @Override
    public InstanceReply<WalSwitchResult> walSwitch(String podIp, boolean checkpoint) {
        return call(podIp, "/pg/wal-switch", new WalSwitchRequest(checkpoint), "POST", WalSwitchResult.class);
    }

    static InstanceState parseStatus(JsonNode status) {
        JsonNode archiver = status.path("archiver");
        JsonNode failure = status.path("lastArchiveFailure");
        return new InstanceState(text(status, "sessionId"), text(status, "role"), status.path("ready").asBoolean(),
                text(status, "currentLsn"), text(status, "receivedLsn"), text(status, "replayedLsn"),
                archiver.isObject() ? new Archiver(text(archiver, "lastArchivedWal"),
                        time(archiver, "lastArchivedTime"), text(archiver, "lastFailedWal"),
                        time(archiver, "lastFailedTime")) : null,
                failure.isObject() ? text(failure, "message") : null);
    }

    private InstanceReply<JsonNode> call(String podIp, String path, Object body, String method) {
        return calls.call(podIp, method, path, body);
    }

    private <T> InstanceReply<T> call(String podIp, String path, Object body, String method, Class<T> type) {
        return calls.call(podIp, method, path, body, type);
    }

    private static String text(JsonNode node, String field) {
        return InstanceCalls.text(node, field);
    }

    private static OffsetDateTime time(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : OffsetDateTime.parse(value);
    }
}

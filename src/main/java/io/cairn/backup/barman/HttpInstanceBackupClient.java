package io.cairn.backup.barman;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.cairn.backup.BackupSettings;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.api.WalSwitchRequest;
import io.cairn.instance.api.WalSwitchResult;
import io.cairn.instance.api.client.InstanceEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private final Duration timeout;
    private final InstanceEndpoints endpoints;

    @Inject
    public HttpInstanceBackupClient(BackupSettings settings, InstanceEndpoints endpoints) {
        this(settings.requestTimeout(), endpoints);
    }

    HttpInstanceBackupClient(Duration timeout, InstanceEndpoints endpoints) {
        this.timeout = timeout;
        this.endpoints = endpoints;
    }

    @Override
    public Reply<InstanceState> status(String podIp) {
        Reply<JsonNode> reply = call(podIp, "/pg/status", HttpRequest.BodyPublishers.noBody(), "GET");
        return reply.succeeded() ? Reply.ok(parseStatus(reply.value()))
                : Reply.refused(reply.httpStatus(), reply.code(), reply.error());
    }

    @Override
    public Reply<BackupJob> start(String podIp, BackupRequest request) {
        return as(call(podIp, "/pg/backups", json(request), "POST"), BackupJob.class);
    }

    @Override
    public Reply<BackupJob> job(String podIp, String backupName) {
        return as(call(podIp, "/pg/backups/" + URLEncoder.encode(backupName, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.noBody(), "GET"), BackupJob.class);
    }

    @Override
    public Reply<WalSwitchResult> walSwitch(String podIp, boolean checkpoint) {
        return as(call(podIp, "/pg/wal-switch", json(new WalSwitchRequest(checkpoint)), "POST"),
                WalSwitchResult.class);
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

    private Reply<JsonNode> call(String podIp, String path, HttpRequest.BodyPublisher body, String method) {
        URI uri = endpoints.uri(podIp, path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json").method(method, body).build();
        try {
            HttpResponse<String> response = endpoints.http().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = readOrNull(response.body());
            if (response.statusCode() == 204) {
                return new Reply<>(NullNode.getInstance(), 204, null, null);
            }
            if (response.statusCode() / 100 == 2) {
                return json == null ? Reply.refused(response.statusCode(), null, "not JSON: " + response.body())
                        : new Reply<>(json, response.statusCode(), null, null);
            }
            String code = json != null ? text(json, "code") : null;
            String message = json != null && text(json, "message") != null ? text(json, "message")
                    : json != null && text(json, "error") != null ? text(json, "error") : response.body();
            return Reply.refused(response.statusCode(), code, method + " " + path + " answered "
                    + response.statusCode() + (message == null || message.isBlank() ? "" : ": " + message));
        } catch (IOException e) {
            return Reply.unreachable("cannot reach " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.unreachable("interrupted");
        }
    }

    private static <T> Reply<T> as(Reply<JsonNode> reply, Class<T> type) {
        if (!reply.succeeded()) {
            return Reply.refused(reply.httpStatus(), reply.code(), reply.error());
        }
        try {
            return new Reply<>(InstanceJson.MAPPER.treeToValue(reply.value(), type), reply.httpStatus(), null, null);
        } catch (JsonProcessingException e) {
            return Reply.refused(reply.httpStatus(), null, "unreadable answer: " + e.getOriginalMessage());
        }
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(InstanceJson.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode readOrNull(String body) {
        try {
            return body == null || body.isBlank() ? null : InstanceJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static OffsetDateTime time(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : OffsetDateTime.parse(value);
    }
}

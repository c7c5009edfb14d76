package io.cairn.controller.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.api.client.InstanceEndpoints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * {@link InstanceStatusClient} over the instance API ({@link InstanceEndpoints}: HTTPS verified against the Cluster's
 * CA) with a short timeout, so a reconcile never waits long for a pod.
 */
@ApplicationScoped
public class HttpInstanceStatusClient implements InstanceStatusClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterInstanceSettings settings;
    private final InstanceEndpoints endpoints;
    private final HttpClient http;

    @Inject
    public HttpInstanceStatusClient(ClusterInstanceSettings settings, InstanceEndpoints endpoints) {
        this.settings = settings;
        this.endpoints = endpoints;
        this.http = endpoints.http();
    }

    @Override
    public InstanceReport status(String podIp) {
        HttpRequest request = HttpRequest.newBuilder(endpoints.uri(podIp, "/pg/status"))
                .timeout(settings.statusTimeout()).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return InstanceReport.unreachable("/pg/status answered " + response.statusCode());
            }
            return parse(JSON.readTree(response.body()));
        } catch (IOException e) {
            return InstanceReport.unreachable("cannot reach " + request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return InstanceReport.unreachable("interrupted");
        }
    }

    @Override
    public String putBackupTimes(String podIp, BackupTimes times) {
        URI uri = endpoints.uri(podIp, "/pg/backup-times");
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.statusTimeout())
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(InstanceJson.MAPPER.writeValueAsString(times))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 ? null : "PUT " + uri + " answered " + response.statusCode();
        } catch (IOException e) {
            return "cannot reach " + uri + ": " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static InstanceReport parse(JsonNode status) {
        JsonNode last = status.path("lastArchive");
        Optional<LastArchive> lastArchive = last.isObject()
                ? Optional.of(new LastArchive(text(last, "walName"), last.path("success").asBoolean(),
                        text(last, "message")))
                : Optional.empty();
        return new InstanceReport(text(status, "role"), status.path("ready").asBoolean(),
                status.path("timeline").isInt() ? status.path("timeline").asInt() : null, text(status, "currentLsn"),
                text(status, "receivedLsn"), text(status, "replayedLsn"), lastArchive, text(status, "error"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}

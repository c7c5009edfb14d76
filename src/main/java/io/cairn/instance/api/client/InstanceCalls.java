package io.cairn.instance.api.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.cairn.instance.api.InstanceError;
import io.cairn.instance.api.InstanceJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One JSON call to an instance API over {@link InstanceEndpoints}, with a timeout; never throws for a pod that is
 * down or answers an error: the {@link InstanceReply} says what happened.
 */
public final class InstanceCalls {

    private final InstanceEndpoints endpoints;
    private final Duration timeout;

    public InstanceCalls(InstanceEndpoints endpoints, Duration timeout) {
        this.endpoints = endpoints;
        this.timeout = timeout;
    }

    /** {@code method path} with {@code body} as JSON (null for none); the answer's JSON. */
    public InstanceReply<JsonNode> call(String podIp, String method, String path, Object body) {
        URI uri = endpoints.uri(podIp, path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json(body)))
                .build();
        try {
            HttpResponse<String> response = endpoints.http().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = readOrNull(response.body());
            if (response.statusCode() == 204) {
                return new InstanceReply<>(NullNode.getInstance(), 204, null, null);
            }
            if (response.statusCode() / 100 == 2) {
                return json == null
                        ? InstanceReply.refused(response.statusCode(), null, "not JSON: " + response.body())
                        : new InstanceReply<>(json, response.statusCode(), null, null);
            }
            InstanceError error = errorOrNull(json);
            String code = error != null ? error.code() : null;
            String message = error != null && error.message() != null ? error.message() : response.body();
            return InstanceReply.refused(
                    response.statusCode(),
                    code,
                    method + " " + path + " answered " + response.statusCode()
                            + (message == null || message.isBlank() ? "" : ": " + message));
        } catch (IOException e) {
            return InstanceReply.unreachable("cannot reach " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return InstanceReply.unreachable("interrupted");
        }
    }

    /** {@link #call} with the answer read as {@code type}. */
    public <T> InstanceReply<T> call(String podIp, String method, String path, Object body, Class<T> type) {
        InstanceReply<JsonNode> reply = call(podIp, method, path, body);
        if (!reply.succeeded()) {
            return InstanceReply.refused(reply.httpStatus(), reply.code(), reply.error());
        }
        try {
            return new InstanceReply<>(
                    InstanceJson.MAPPER.treeToValue(reply.value(), type), reply.httpStatus(), null, null);
        } catch (JsonProcessingException e) {
            return InstanceReply.refused(reply.httpStatus(), null, "unreadable answer: " + e.getOriginalMessage());
        }
    }

    private static String json(Object body) {
        try {
            return InstanceJson.MAPPER.writeValueAsString(body);
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

    private static InstanceError errorOrNull(JsonNode json) {
        try {
            return json == null || !json.isObject() ? null : InstanceJson.MAPPER.treeToValue(json, InstanceError.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

package io.cairn.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.api.v1.ConditionTypes;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.net.HttpURLConnection;
import java.util.Iterator;
import java.util.Map;

/**
 * The one way Cairn writes a status: a JSON merge patch (RFC 7386) of the status subresource holding only what differs
 * from the status as read, carrying the resourceVersion read (optimistic locking), sent only when something differs.
 *
 * <p>Why not server-side apply: the CRDs are CloudNativePG's, whose {@code conditions} is an atomic list, and a
 * Cluster's status has two writers (the Cluster reconciler and the Backup reconciler's backup times and
 * {@code LastBackupSucceeded}); two apply managers of one atomic list take it from each other. A merge patch guarded
 * by the resourceVersion fails with a conflict instead of overwriting what the other writer just wrote.
 */
public final class StatusPatch {

    /** What became of a write. */
    public enum Outcome {
        /** The status already was the desired one: nothing was sent. */
        UNCHANGED,
        WRITTEN,
        /** The resource changed since it was read: nothing was written. */
        CONFLICT,
        /** The resource is gone. */
        GONE
    }

    /**
     * @param written the resource as the API server answered, when {@link Outcome#WRITTEN}
     */
    public record Result<R>(Outcome outcome, R written) {

        public boolean conflict() {
            return outcome == Outcome.CONFLICT;
        }
    }

    private StatusPatch() {}

    /** Makes {@code desired} the status of {@code read}. */
    public static <S, R extends CustomResource<?, S>> Result<R> write(KubernetesClient client, R read, S desired) {
        KubernetesSerialization json = client.getKubernetesSerialization();
        return patch(client, read, tree(json, read.getStatus()), tree(json, desired));
    }

    /**
     * {@link #write} for a reconciler's own resource, and the written resource cached, so the reconcile that its own
     * event triggers already sees it. A reconcile that writes its status got through: the
     * {@link ConditionTypes#RECONCILED} condition an earlier failure left ({@link ReconcileErrors}) goes.
     */
    public static <S, R extends CustomResource<?, S>> Result<R> writeAndCache(R read, S desired, Context<R> context) {
        KubernetesSerialization json = context.getClient().getKubernetesSerialization();
        JsonNode to = withoutReconcileError(tree(json, desired));
        Result<R> result = patch(context.getClient(), read, tree(json, read.getStatus()), to);
        if (result.outcome() == Outcome.WRITTEN) {
            context.eventSourceRetriever()
                    .getControllerEventSource()
                    .handleRecentResourceUpdate(ResourceID.fromResource(read), result.written(), read);
        }
        return result;
    }

    /**
     * Sets some fields of the status of {@code read} (the rest left as it is): {@code fields} is itself a merge patch
     * of the status (a null value removes a key).
     */
    public static <S, R extends CustomResource<?, S>> Result<R> merge(
            KubernetesClient client, R read, Map<String, Object> fields) {
        KubernetesSerialization json = client.getKubernetesSerialization();
        JsonNode from = tree(json, read.getStatus());
        return patch(client, read, from, apply(from, json.convertValue(fields, JsonNode.class)));
    }

    private static <R extends CustomResource<?, ?>> Result<R> patch(
            KubernetesClient client, R read, JsonNode from, JsonNode to) {
        JsonNode difference = diff(from, to);
        if (difference == null) {
            return new Result<>(Outcome.UNCHANGED, null);
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.putObject("metadata").put("resourceVersion", read.getMetadata().getResourceVersion());
        patch.set("status", difference);
        try {
            R written = client.resource(read)
                    .subresource("status")
                    .patch(
                            PatchContext.of(PatchType.JSON_MERGE),
                            client.getKubernetesSerialization().asJson(patch));
            return new Result<>(Outcome.WRITTEN, written);
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return new Result<>(Outcome.CONFLICT, null);
            }
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return new Result<>(Outcome.GONE, null);
            }
            throw e;
        }
    }

    private static JsonNode tree(KubernetesSerialization json, Object status) {
        JsonNode tree = status == null ? null : json.convertValue(status, JsonNode.class);
        return withoutNulls(tree == null || tree.isNull() ? JsonNodeFactory.instance.objectNode() : tree);
    }

    /** {@code status} without the {@link ConditionTypes#RECONCILED} condition an earlier failure left. */
    static JsonNode withoutReconcileError(JsonNode status) {
        if (!status.path("conditions").isArray()) {
            return status;
        }
        ObjectNode copy = ((ObjectNode) status).deepCopy();
        ArrayNode conditions = copy.putArray("conditions");
        status.get("conditions").forEach(condition -> {
            if (!ConditionTypes.RECONCILED.equals(condition.path("type").asText())) {
                conditions.add(condition);
            }
        });
        return copy;
    }

    /** The merge patch that turns {@code from} into {@code to}; null when they are equal. Lists are replaced whole. */
    static JsonNode diff(JsonNode from, JsonNode to) {
        if (from.equals(to)) {
            return null;
        }
        if (!from.isObject() || !to.isObject()) {
            return to;
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        for (Iterator<String> names = from.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!to.has(name)) {
                patch.putNull(name);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = to.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode before = from.get(field.getKey());
            JsonNode change = before == null ? field.getValue() : diff(before, field.getValue());
            if (change != null) {
                patch.set(field.getKey(), change);
            }
        }
        return patch;
    }

    /** RFC 7386: {@code patch} applied to {@code target}. */
    static JsonNode apply(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), apply(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            });
            return copy;
        }
        return node;
    }
}

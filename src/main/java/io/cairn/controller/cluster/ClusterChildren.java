package io.cairn.controller.cluster;

import io.cairn.api.v1.Cluster;
import io.cairn.event.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import org.jboss.logging.Logger;

/**
 * Writes a Cluster's children: creates those that must never change once made (pods, claims, Secrets) and
 * server-side applies those derived from the spec (Services, the instance configuration). Every creation is an
 * Event on the Cluster; a Secret's content never appears in a log or an Event.
 */
@ApplicationScoped
public class ClusterChildren {

    private static final Logger LOG = Logger.getLogger(ClusterChildren.class);
    static final String FIELD_MANAGER = "cairn-operator";

    @Inject
    KubernetesClient client;

    @Inject
    EventRecorder events;

    /** Creates {@code desired} unless it exists; true when it was created now. */
    public boolean createIfAbsent(Cluster cluster, HasMetadata existing, HasMetadata desired) {
        if (existing != null) {
            return false;
        }
        try {
            client.resource(desired)
                    .inNamespace(cluster.getMetadata().getNamespace())
                    .create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false; // our cache had not seen it yet
            }
            throw e;
        }
        events.normal(
                cluster,
                "Created" + desired.getKind(),
                "Created " + desired.getKind() + " " + desired.getMetadata().getName());
        LOG.debugf(
                "%s/%s: created %s %s",
                cluster.getMetadata().getNamespace(),
                cluster.getMetadata().getName(),
                desired.getKind(),
                desired.getMetadata().getName());
        return true;
    }

    /** Server-side applies {@code desired} (a no-op when nothing changed). */
    public void apply(Cluster cluster, HasMetadata existing, HasMetadata desired) {
        client.resource(desired)
                .inNamespace(cluster.getMetadata().getNamespace())
                .patch(new PatchContext.Builder()
                        .withPatchType(PatchType.SERVER_SIDE_APPLY)
                        .withFieldManager(FIELD_MANAGER)
                        .withForce(true)
                        .build());
        if (existing == null) {
            events.normal(
                    cluster,
                    "Created" + desired.getKind(),
                    "Created " + desired.getKind() + " " + desired.getMetadata().getName());
        }
    }

    /** Deletes a child (scale down); true when it was there. */
    public boolean delete(Cluster cluster, HasMetadata existing, String why) {
        if (existing == null) {
            return false;
        }
        client.resource(existing)
                .inNamespace(cluster.getMetadata().getNamespace())
                .delete();
        events.normal(
                cluster,
                "Deleted" + existing.getKind(),
                "Deleted " + existing.getKind() + " " + existing.getMetadata().getName() + ": " + why);
        return true;
    }
}

package io.cairn.event;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Writes core/v1 Events. A failure to record an Event is logged, never propagated: it must not fail a reconcile. */
@ApplicationScoped
public class KubernetesEventRecorder implements EventRecorder {

    private static final Logger LOG = Logger.getLogger(KubernetesEventRecorder.class);
    private static final String COMPONENT = "cairn-operator";

    @Inject
    KubernetesClient client;

    @Inject
    Clock clock;

    @Override
    public void normal(HasMetadata about, String reason, String message) {
        record(about, "Normal", reason, message);
    }

    @Override
    public void warning(HasMetadata about, String reason, String message) {
        record(about, "Warning", reason, message);
    }

    private void record(HasMetadata about, String type, String reason, String message) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String namespace = about.getMetadata().getNamespace();
        try {
            client.v1()
                    .events()
                    .inNamespace(namespace)
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withName(about.getMetadata().getName() + "."
                                    + UUID.randomUUID().toString().substring(0, 13))
                            .withNamespace(namespace)
                            .endMetadata()
                            .withInvolvedObject(new ObjectReferenceBuilder()
                                    .withApiVersion(about.getApiVersion())
                                    .withKind(about.getKind())
                                    .withName(about.getMetadata().getName())
                                    .withNamespace(namespace)
                                    .withUid(about.getMetadata().getUid())
                                    .withResourceVersion(about.getMetadata().getResourceVersion())
                                    .build())
                            .withType(type)
                            .withReason(reason)
                            .withMessage(message)
                            .withNewSource(COMPONENT, null)
                            .withReportingComponent(COMPONENT)
                            .withReportingInstance(COMPONENT)
                            .withFirstTimestamp(now)
                            .withLastTimestamp(now)
                            .withCount(1)
                            .build())
                    .create();
        } catch (KubernetesClientException e) {
            LOG.warnf(
                    "could not record %s event %s on %s/%s: %s",
                    type, reason, namespace, about.getMetadata().getName(), e.getMessage());
        }
    }
}

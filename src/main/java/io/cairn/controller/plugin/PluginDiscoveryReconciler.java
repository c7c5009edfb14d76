package io.cairn.controller.plugin;

import io.cairn.controller.plugin.PluginServiceReports.Outcome;
import io.cairn.controller.plugin.PluginServiceReports.Report;
import io.cairn.event.EventRecorder;
import io.cairn.plugin.PluginCallException;
import io.cairn.plugin.PluginDescription;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Discovers plugins as CloudNativePG's operator does: each Service of the operator's namespace labelled
 * {@code cnpg.io/pluginName} is read ({@link PluginServiceRegistration}), the plugin it announces is asked over
 * mutual TLS 1.3 what it is and can do, and kept in the {@link PluginRegistry}; a Service that is wrong, or a plugin
 * that does not answer, is forgotten. Each outcome is told once as an Event on the Service ({@code PluginRegistered},
 * or CloudNativePG's Warning reasons); an unreachable plugin is tried again after a growing wait; a Secret that
 * appears or changes brings its Services back here; a deleted Service's plugin is forgotten.
 */
@ControllerConfiguration(
        name = PluginDiscoveryReconciler.NAME,
        generationAwareEventProcessing = false,
        informer = @Informer(labelSelector = PluginServiceRegistration.PLUGIN_NAME_LABEL))
public class PluginDiscoveryReconciler implements Reconciler<Service> {

    /** The controller's name: {@code quarkus.operator-sdk.controllers.plugin.namespaces} is the operator's. */
    static final String NAME = "plugin";

    private static final Logger LOG = Logger.getLogger(PluginDiscoveryReconciler.class);

    static final String PLUGIN_REGISTERED = "PluginRegistered";
    static final String PLUGIN_REGISTRATION_FAILED = "PluginRegistrationFailed";

    @Inject
    PluginSettings settings;

    @Inject
    PluginRegistry registry;

    @Inject
    PluginDescriber describer;

    @Inject
    EventRecorder events;

    private PluginServiceReports reports;
    private InformerEventSource<Secret, Service> secrets;

    @PostConstruct
    void remember() {
        reports = new PluginServiceReports(settings.retryMin(), settings.retryMax());
    }

    @Override
    public List<EventSource<?, Service>> prepareEventSources(EventSourceContext<Service> context) {
        secrets = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(Secret.class, Service.class)
                        .withName("plugin-secrets")
                        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
                                .list(service -> namesSecret(service, secret))
                                .map(ResourceID::fromResource)
                                .collect(Collectors.toSet()))
                        .build(),
                context);
        return List.of(secrets, new DeletedServices(context));
    }

    /**
     * The plugin Services again, only to hear of their deletion: the Quarkus Operator SDK (7.4.0) does not pass
     * {@code triggerReconcilerOnAllEvents} on to the controller, so a deleted Service never reaches
     * {@link #reconcile}.
     */
    private final class DeletedServices extends InformerEventSource<Service, Service> {

        DeletedServices(EventSourceContext<Service> context) {
            super(
                    InformerEventSourceConfiguration.from(Service.class, Service.class)
                            .withName("deleted-plugin-services")
                            .withLabelSelector(PluginServiceRegistration.PLUGIN_NAME_LABEL)
                            .withOnAddFilter(service -> false)
                            .withOnUpdateFilter((before, after) -> false)
                            .withSecondaryToPrimaryMapper(service -> Set.of())
                            .build(),
                    context);
        }

        @Override
        public void onDelete(Service service, boolean deletedFinalStateUnknown) {
            LOG.infof("plugin Service %s deleted: its plugin is forgotten", key(service));
            forget(key(service));
            super.onDelete(service, deletedFinalStateUnknown);
        }
    }

    private static String key(Service service) {
        return service.getMetadata().getNamespace() + "/"
                + service.getMetadata().getName();
    }

    private void forget(String key) {
        registry.forgetService(key);
        reports.forget(key);
    }

    private static boolean namesSecret(Service service, Secret secret) {
        Map<String, String> annotations = service.getMetadata().getAnnotations();
        return annotations != null
                && service.getMetadata()
                        .getNamespace()
                        .equals(secret.getMetadata().getNamespace())
                && Set.of(
                                annotations.getOrDefault(PluginServiceRegistration.CLIENT_SECRET_ANNOTATION, ""),
                                annotations.getOrDefault(PluginServiceRegistration.SERVER_SECRET_ANNOTATION, ""))
                        .contains(secret.getMetadata().getName());
    }

    @Override
    public UpdateControl<Service> reconcile(Service service, Context<Service> context) {
        String key = service.getMetadata().getNamespace() + "/"
                + service.getMetadata().getName();
        if (context.isPrimaryResourceDeleted()) {
            registry.forgetService(key);
            reports.forget(key);
            return UpdateControl.noUpdate();
        }
        PluginServiceRegistration decision = PluginServiceRegistration.of(
                service,
                settings.namespace(),
                name -> secrets.get(new ResourceID(name, service.getMetadata().getNamespace())));
        if (decision instanceof PluginServiceRegistration.NotAPlugin) {
            forget(key);
            return UpdateControl.noUpdate();
        }
        if (decision instanceof PluginServiceRegistration.Refused refused) {
            registry.forgetService(key);
            return tell(service, key, Outcome.warning(refused.reason(), refused.message()));
        }
        PluginServiceRegistration.Registered registered = (PluginServiceRegistration.Registered) decision;
        String host = settings.dial() == PluginSettings.Dial.CLUSTER_IP
                ? service.getSpec().getClusterIP()
                : registered.host();
        PluginDescription description;
        try {
            description = describer.describe(host, registered.port(), registered.tls());
        } catch (PluginCallException | RuntimeException e) {
            registry.forgetService(key);
            return tell(
                    service,
                    key,
                    Outcome.retried(
                            PLUGIN_REGISTRATION_FAILED,
                            "Failed to register plugin " + registered.pluginName() + " at " + registered.address()
                                    + ": " + e.getMessage()));
        }
        return tell(service, key, register(key, registered, host, description));
    }

    private Outcome register(
            String key, PluginServiceRegistration.Registered registered, String host, PluginDescription description) {
        if (!description.name().equals(registered.pluginName())) {
            registry.forgetService(key);
            return Outcome.warning(
                    PLUGIN_REGISTRATION_FAILED,
                    "The plugin at " + registered.address() + " is " + description.name() + ", not "
                            + registered.pluginName() + " as its Service's label "
                            + PluginServiceRegistration.PLUGIN_NAME_LABEL
                            + " says");
        }
        Optional<AvailablePlugin> other = registry.register(
                new AvailablePlugin(key, registered.address(), host, registered.port(), registered.tls(), description));
        if (other.isPresent()) {
            return Outcome.warning(
                    PLUGIN_REGISTRATION_FAILED,
                    "Plugin " + registered.pluginName() + " is already registered by the Service "
                            + other.get().service());
        }
        return Outcome.normal(
                PLUGIN_REGISTERED,
                "Registered plugin " + description.name() + " version "
                        + description.metadata().version() + " at " + registered.address() + " ("
                        + String.join(", ", description.services()) + ")");
    }

    private UpdateControl<Service> tell(Service service, String key, Outcome outcome) {
        Report report = reports.report(key, outcome);
        report.event().ifPresent(event -> {
            LOG.infof("plugin Service %s: %s: %s", key, event.reason(), event.message());
            if (event.warning()) {
                events.warning(service, event.reason(), event.message());
            } else {
                events.normal(service, event.reason(), event.message());
            }
        });
        return report.retryAfter()
                .map(wait -> UpdateControl.<Service>noUpdate().rescheduleAfter(wait))
                .orElseGet(UpdateControl::noUpdate);
    }
}

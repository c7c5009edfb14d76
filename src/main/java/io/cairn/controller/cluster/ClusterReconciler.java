package io.cairn.controller.cluster;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ClusterStatus;
import io.cairn.api.v1.ConditionReasons;
import io.cairn.api.v1.ConditionTypes;
import io.cairn.backup.BackupSettings;
import io.cairn.backup.volumesnapshot.FencedInstances;
import io.cairn.backup.volumesnapshot.KubernetesSnapshotResources;
import io.cairn.backup.volumesnapshot.SnapshotResources;
import io.cairn.controller.cluster.ClusterStatusFactory.ObservedInstance;
import io.cairn.controller.cluster.tls.ClusterCertificates;
import io.cairn.controller.cluster.tls.InstanceTrustRegistry;
import io.cairn.controller.plugin.AvailablePlugin;
import io.cairn.controller.plugin.PluginRegistry;
import io.cairn.event.EventRecorder;
import io.cairn.instance.api.Fencing;
import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.client.InstanceCalls;
import io.cairn.instance.api.client.InstanceClient;
import io.cairn.instance.api.client.InstanceEndpoints;
import io.cairn.support.Pods;
import io.cairn.support.ReconcileErrors;
import io.cairn.support.StatusPatch;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs a Cluster's instances: the generated Secrets, the instance configuration and the Services, then one pod
 * and its claims per instance (serial 1 bootstraps with initdb, the others join the {@code -rw} Service as
 * streaming standbys), then the status from the pods and their instance managers' {@code /pg/status}. Never
 * waits: it creates what is missing and is reconciled again by the children's events and every
 * {@code cairn.instance.status-refresh}. Automated failover is not implemented: the primary is always
 * {@code status.targetPrimary} (first {@code <cluster>-1}).
 */
@ControllerConfiguration(name = "cluster")
public class ClusterReconciler implements Reconciler<Cluster> {

    @Inject
    ClusterChildren children;

    @Inject
    InstanceEndpoints endpoints;

    @Inject
    ClusterInstanceSettings settings;

    @Inject
    BackupSettings backupSettings;

    @Inject
    EventRecorder events;

    @Inject
    SnapshotResources snapshotResources;

    @Inject
    Clock clock;

    @Inject
    InstanceTrustRegistry trust;

    @Inject
    PluginRegistry plugins;

    private static final Duration UNKNOWN_PLUGIN_RETRY = Duration.ofSeconds(10);

    private final PasswordGenerator passwords = new PasswordGenerator();
    /** Asks with {@code cairn.instance.status-timeout}, so a reconcile never waits long for a pod. */
    private InstanceClient instances;

    @PostConstruct
    void connect() {
        instances = InstanceClient.over(new InstanceCalls(endpoints, settings.statusTimeout()));
    }

    @Override
    public List<EventSource<?, Cluster>> prepareEventSources(EventSourceContext<Cluster> context) {
        return List.of(
                childInformer(Pod.class, "pods", context),
                childInformer(PersistentVolumeClaim.class, "claims", context),
                childInformer(Service.class, "services", context),
                childInformer(Secret.class, "secrets", context),
                childInformer(ConfigMap.class, "configmaps", context));
    }

    private static <R extends HasMetadata> EventSource<R, Cluster> childInformer(
            Class<R> type, String name, EventSourceContext<Cluster> context) {
        return new InformerEventSource<>(
                InformerEventSourceConfiguration.from(type, Cluster.class)
                        .withName(name)
                        .withLabelSelector(ClusterResources.CLUSTER_LABEL)
                        .withSecondaryToPrimaryMapper(child -> Set.of(new ResourceID(
                                child.getMetadata().getLabels().get(ClusterResources.CLUSTER_LABEL),
                                child.getMetadata().getNamespace())))
                        .build(),
                context);
    }

    @Override
    public UpdateControl<Cluster> reconcile(Cluster cluster, Context<Cluster> context) {
        if (context.isPrimaryResourceDeleted()) {
            trust.forget(cluster);
            return UpdateControl.noUpdate();
        }
        ClusterPlugins.Resolution enabledPlugins =
                ClusterPlugins.resolve(cluster, name -> plugins.find(name).map(AvailablePlugin::description));
        if (enabledPlugins.unknown().isPresent()) {
            return haltForUnknownPlugin(cluster, enabledPlugins, context);
        }
        String primary = targetPrimary(cluster);
        RecoverySource.Resolution recovery = resolveRecovery(cluster, primary, context);
        try {
            ensureShared(cluster, recovery, context);
            if (!(recovery instanceof RecoverySource.Waiting)) {
                ensureInstances(cluster, primary, recovery, context);
            }
        } catch (KubernetesClientException e) {
            events.warning(
                    cluster, "ReconcileFailed", "Could not create or update the cluster's objects: " + e.getMessage());
            throw e; // JOSDK retries with back-off
        }
        List<ObservedInstance> observed = observe(cluster, context);
        releaseOrphanFences(cluster, observed, context);
        ClusterStatus status = ClusterStatusFactory.build(cluster, image(cluster), primary, observed, clock.instant());
        Optional<RecoverySource.Waiting> stuck = recovery instanceof RecoverySource.Waiting waiting
                ? Optional.of(waiting)
                : RecoveryStatus.failure(primary, observed);
        if (stuck.isPresent()) {
            status = RecoveryStatus.waiting(
                    status, stuck.get(), cluster.getMetadata().getGeneration(), clock.instant());
            if (cluster.getStatus() == null
                    || !stuck.get().message().equals(cluster.getStatus().phaseReason())) {
                events.warning(cluster, stuck.get().reason(), stuck.get().message());
            }
        }
        warnOfUnsupportedFields(cluster, status);
        status = status.withPlugins(enabledPlugins.statuses(), null, null);
        patchStatusIfChanged(cluster, status, context);
        new BackupTimesPublisher(instances).publish(status, observed);
        return UpdateControl.<Cluster>noUpdate().rescheduleAfter(settings.statusRefresh());
    }

    /**
     * Lifts the fences no running backup holds ({@link OrphanFences}): PostgreSQL started again through the instance
     * API, the name taken out of {@code cnpg.io/fencedInstances}, a Warning Event. The Backups are read from the API
     * server only when the annotation names an instance, which it does only while a cold snapshot is taken.
     */
    private void releaseOrphanFences(Cluster cluster, List<ObservedInstance> observed, Context<Cluster> context) {
        Map<String, String> annotations = cluster.getMetadata().getAnnotations();
        String annotation = annotations == null ? null : annotations.get(FencedInstances.ANNOTATION);
        if (annotation == null || annotation.isBlank()) {
            return;
        }
        FencedInstances fenced;
        try {
            fenced = snapshotResources.fencedInstances(cluster);
        } catch (IllegalArgumentException e) {
            return; // an unreadable annotation: the cold backups that read it say so
        }
        List<Backup> backups = context.getClient()
                .resources(Backup.class)
                .inNamespace(cluster.getMetadata().getNamespace())
                .list()
                .getItems();
        for (String orphan : OrphanFences.of(cluster.getMetadata().getName(), fenced, backups)) {
            String ip = observed.stream()
                    .filter(o -> o.name().equals(orphan))
                    .map(ObservedInstance::ip)
                    .filter(address -> address != null && !address.isEmpty())
                    .findFirst()
                    .orElse(null);
            if (ip != null && !instances.fencing(ip, new Fencing(false)).succeeded()) {
                continue; // the instance does not answer: tried again at the next reconcile
            }
            fenced = fenced.without(orphan);
            snapshotResources.fence(cluster, fenced);
            events.warning(
                    cluster,
                    "FenceReleased",
                    "Instance " + orphan + " was fenced for a backup that no longer runs (deleted while it held the "
                            + "fence): the fence is lifted");
        }
    }

    /**
     * A reconcile that threw: the {@code Reconciled} condition says why (an Event too, unless the failure already
     * had its {@code ReconcileFailed} Event); JOSDK retries with back-off.
     */
    @Override
    public ErrorStatusUpdateControl<Cluster> updateErrorStatus(Cluster cluster, Context<Cluster> context, Exception e) {
        List<Condition> conditions =
                cluster.getStatus() == null ? null : cluster.getStatus().conditions();
        String recorded = ReconcileErrors.record(context.getClient(), cluster, conditions, e, clock.instant());
        if (recorded != null && !(e instanceof KubernetesClientException)) {
            events.warning(cluster, ConditionReasons.RECONCILE_FAILED, recorded);
        }
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    /**
     * As CloudNativePG: a Cluster enabling a plugin the operator has not registered is not reconciled further; its
     * phase says which plugin (a Warning Event when that changes), and it is tried again every 10 s.
     */
    private UpdateControl<Cluster> haltForUnknownPlugin(
            Cluster cluster, ClusterPlugins.Resolution enabledPlugins, Context<Cluster> context) {
        ClusterStatus current = cluster.getStatus() == null ? ClusterStatus.EMPTY : cluster.getStatus();
        String reason = enabledPlugins.unknownReason();
        if (!reason.equals(current.phaseReason())) {
            events.warning(cluster, ClusterPlugins.UNKNOWN_PLUGIN, reason);
        }
        // a full status (observedGeneration included: the spec was read) with CloudNativePG's phase for the case
        ClusterStatus halted = ClusterStatusFactory.build(
                        cluster, image(cluster), targetPrimary(cluster), List.of(), clock.instant())
                .withPlugins(current.pluginStatus(), ClusterPlugins.PHASE_UNKNOWN_PLUGIN, reason);
        patchStatusIfChanged(cluster, halted, context);
        return UpdateControl.<Cluster>noUpdate().rescheduleAfter(UNKNOWN_PLUGIN_RETRY);
    }

    /** The PostgreSQL image the instances run: {@code imageName}, else the operator's default. */
    private String image(Cluster cluster) {
        return cluster.getSpec().imageName() != null ? cluster.getSpec().imageName() : settings.image();
    }

    /** A Warning Event whenever the set of unimplemented CloudNativePG fields that are set changes. */
    private void warnOfUnsupportedFields(Cluster cluster, ClusterStatus status) {
        Condition now = condition(status, ConditionTypes.UNSUPPORTED_FIELDS);
        Condition before = condition(cluster.getStatus(), ConditionTypes.UNSUPPORTED_FIELDS);
        if (now != null && (before == null || !now.getMessage().equals(before.getMessage()))) {
            events.warning(cluster, ConditionTypes.UNSUPPORTED_FIELDS, now.getMessage());
        }
    }

    private static Condition condition(ClusterStatus status, String type) {
        return status == null || status.conditions() == null
                ? null
                : status.conditions().stream()
                        .filter(c -> type.equals(c.getType()))
                        .findFirst()
                        .orElse(null);
    }

    /**
     * Where the first instance recovers from, or why it waits; null when the Cluster does not recover or its first
     * instance's claim exists (the recovery began, its source no longer matters: the configuration is left as it
     * was). A Backup is read directly, not watched: the periodic reconcile sees it complete.
     */
    private static RecoverySource.Resolution resolveRecovery(
            Cluster cluster, String primary, Context<Cluster> context) {
        if (!RecoverySource.recovers(cluster)) {
            return null;
        }
        RecoverySource.Resolution resolution = RecoverySource.resolve(
                cluster,
                name -> context.getClient()
                        .resources(Backup.class)
                        .inNamespace(cluster.getMetadata().getNamespace())
                        .withName(name)
                        .get(),
                name -> recoverySnapshot(context, cluster.getMetadata().getNamespace(), name),
                primary);
        if (resolution instanceof RecoverySource.Waiting
                && owned(context.getSecondaryResources(PersistentVolumeClaim.class), cluster).stream()
                        .anyMatch(c -> c.getMetadata().getName().equals(primary))) {
            return null;
        }
        return resolution;
    }

    /**
     * The newest snapshot backup a new replica may be created from ({@link ReplicaSnapshots}); Backups and
     * VolumeSnapshots are read directly, as for a recovery: only when a replica's claim is missing.
     */
    private static Optional<ReplicaSnapshots.Chosen> replicaSnapshot(Cluster cluster, Context<Cluster> context) {
        if (ClusterResources.barmanObjectStore(cluster) == null) {
            return Optional.empty();
        }
        String namespace = cluster.getMetadata().getNamespace();
        List<Backup> backups = context.getClient()
                .resources(Backup.class)
                .inNamespace(namespace)
                .list()
                .getItems();
        return ReplicaSnapshots.choose(cluster, backups, name -> recoverySnapshot(context, namespace, name));
    }

    /** A VolumeSnapshot to recover from, read directly like a Backup; null when absent or not served. */
    private static RecoverySource.RecoverySnapshot recoverySnapshot(
            Context<Cluster> context, String namespace, String name) {
        GenericKubernetesResource snapshot;
        try {
            snapshot = context.getClient()
                    .genericKubernetesResources(KubernetesSnapshotResources.VOLUME_SNAPSHOTS)
                    .inNamespace(namespace)
                    .withName(name)
                    .get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                return null; // no VolumeSnapshot CRD
            }
            throw e;
        }
        return snapshot == null ? null : RecoverySource.RecoverySnapshot.of(snapshot);
    }

    /** Secrets (once), the instance configuration and the Services. */
    private void ensureShared(Cluster cluster, RecoverySource.Resolution recovery, Context<Cluster> context) {
        Map<String, Secret> secrets = byName(owned(context.getSecondaryResources(Secret.class), cluster));
        for (Secret secret : ClusterSecrets.secrets(cluster, passwords)) {
            children.createIfAbsent(cluster, secrets.get(secret.getMetadata().getName()), secret);
        }
        ensureCertificates(cluster, secrets, context);
        if (!ClusterSecrets.generatesSuperuserSecret(cluster)) {
            // as CloudNativePG: without superuser access the generated Secret goes
            children.delete(
                    cluster,
                    secrets.get(ClusterResources.superuserSecretName(cluster)),
                    "superuser access is disabled");
        }
        ConfigMap existingConfig = byName(owned(context.getSecondaryResources(ConfigMap.class), cluster))
                .get(ClusterResources.configMapName(cluster));
        boolean recoveryStarted = recovery == null && RecoverySource.recovers(cluster);
        if (!(recovery instanceof RecoverySource.Waiting) && !(recoveryStarted && existingConfig != null)) {
            ConfigMap config = InstanceConfigs.instanceConfig(
                    cluster,
                    recovery instanceof RecoverySource.Resolved resolved ? resolved.recovery() : null,
                    backupSettings.ambientIdentities());
            if (existingConfig == null || !config.getData().equals(existingConfig.getData())) {
                children.apply(cluster, existingConfig, config);
            }
        }
        Map<String, Service> services = byName(owned(context.getSecondaryResources(Service.class), cluster));
        for (Service service : ClusterServices.services(cluster)) {
            Service existing = services.get(service.getMetadata().getName());
            if (existing == null) {
                children.apply(cluster, null, service);
            }
        }
    }

    /**
     * The instance API's CA and server certificate (created once, renewed before they expire), and the CA registered
     * with the operator's clients. A Secret missing from the cache is read from the API server before a new one is
     * made, so a lagging cache never replaces a CA.
     */
    private void ensureCertificates(Cluster cluster, Map<String, Secret> secrets, Context<Cluster> context) {
        if (!settings.tls()) {
            return;
        }
        Instant now = clock.instant();
        Secret ca = current(cluster, secrets, ClusterCertificates.caSecretName(cluster), context);
        Optional<Secret> newCa = ClusterCertificates.caToWrite(cluster, Optional.ofNullable(ca), now);
        if (newCa.isPresent()) {
            children.apply(cluster, ca, newCa.get());
            ca = newCa.get();
        }
        Secret server = current(cluster, secrets, ClusterCertificates.serverSecretName(cluster), context);
        Optional<Secret> newServer = ClusterCertificates.serverToWrite(cluster, ca, Optional.ofNullable(server), now);
        if (newServer.isPresent()) {
            children.apply(cluster, server, newServer.get());
        }
        trust.register(cluster, ClusterCertificates.trustedAuthorities(ca, now));
    }

    private static Secret current(Cluster cluster, Map<String, Secret> cached, String name, Context<Cluster> context) {
        Secret secret = cached.get(name);
        return secret != null
                ? secret
                : context.getClient()
                        .secrets()
                        .inNamespace(cluster.getMetadata().getNamespace())
                        .withName(name)
                        .get();
    }

    /** One pod and its claims per serial 1..instances; pods and claims of higher serials go (never the primary). */
    private void ensureInstances(
            Cluster cluster, String primary, RecoverySource.Resolution recovery, Context<Cluster> context) {
        Map<String, Pod> pods = byName(owned(context.getSecondaryResources(Pod.class), cluster));
        Map<String, PersistentVolumeClaim> claims =
                byName(owned(context.getSecondaryResources(PersistentVolumeClaim.class), cluster));
        int desired = cluster.getSpec().instances();
        boolean walStorage = cluster.getSpec().walStorage() != null;
        RecoverySource.ClaimSources restored =
                recovery instanceof RecoverySource.Resolved resolved ? resolved.claims() : null;
        Optional<ReplicaSnapshots.Chosen> replicaSnapshot = null; // read once, when a replica's claim is missing
        for (int serial = 1; serial <= desired; serial++) {
            String name = ClusterResources.instanceName(cluster, serial);
            RecoverySource.ClaimSources sources = name.equals(primary) ? restored : null;
            PersistentVolumeClaim dataClaim = claims.get(name);
            PersistentVolumeClaim desiredData =
                    InstanceClaims.dataClaim(cluster, name, sources == null ? null : sources.data());
            if (dataClaim == null && !name.equals(primary)) {
                if (replicaSnapshot == null) {
                    replicaSnapshot = replicaSnapshot(cluster, context);
                }
                if (replicaSnapshot.isPresent()) {
                    sources = replicaSnapshot.get().claims();
                    desiredData = ReplicaSnapshots.annotated(
                            InstanceClaims.dataClaim(cluster, name, sources.data()),
                            replicaSnapshot.get().annotations());
                }
            }
            if (children.createIfAbsent(cluster, dataClaim, desiredData)
                    && desiredData.getMetadata().getAnnotations() != null
                    && desiredData.getMetadata().getAnnotations().containsKey(ReplicaSnapshots.SNAPSHOT_ANNOTATION)) {
                events.normal(
                        cluster,
                        "InstanceFromSnapshot",
                        "Instance " + name + " is created from the VolumeSnapshots of Backup "
                                + replicaSnapshot.get().backup() + " and catches up from the WAL archive");
            }
            if (walStorage) {
                children.createIfAbsent(
                        cluster,
                        claims.get(ClusterResources.walClaimName(name)),
                        InstanceClaims.walClaim(cluster, name, sources == null ? null : sources.wal()));
            }
            Pod pod = pods.get(name);
            if (pod != null && pod.getMetadata().getDeletionTimestamp() != null) {
                continue; // recreated on the same claims once it is gone
            }
            if (pod != null && isFinished(pod)) {
                children.delete(cluster, pod, "its container ended; recreating it");
                continue;
            }
            Pod desiredPod = InstancePods.pod(cluster, name, name.equals(primary), settings);
            Optional<InstanceConfig.SnapshotBase> restoredReplica =
                    ReplicaSnapshots.base(cluster, name, dataClaim != null ? dataClaim : desiredData);
            if (restoredReplica.isPresent()) {
                desiredPod = ReplicaSnapshots.withReplicaSnapshot(desiredPod, restoredReplica.get());
            }
            if (name.equals(primary) && recovery instanceof RecoverySource.Resolved resolved) {
                desiredPod = RecoverySource.withCredentials(
                        desiredPod, resolved.recovery().barmanObjectStore());
            }
            if (children.createIfAbsent(cluster, pod, desiredPod) && pod == null && claims.containsKey(name)) {
                events.normal(
                        cluster,
                        "InstanceRecreated",
                        "Instance " + name + " was recreated on its " + "existing volume");
            }
        }
        for (Pod pod : pods.values()) {
            String name = pod.getMetadata().getName();
            int serial = ClusterResources.serialOf(cluster, name);
            if (serial > desired && !name.equals(primary)) {
                children.delete(cluster, pod, "scaled down to " + desired + " instances");
            }
        }
        for (PersistentVolumeClaim claim : claims.values()) {
            String instance = claim.getMetadata().getLabels().get(ClusterResources.INSTANCE_NAME_LABEL);
            if (instance != null
                    && ClusterResources.serialOf(cluster, instance) > desired
                    && !instance.equals(primary)
                    && !pods.containsKey(instance)) {
                children.delete(cluster, claim, "scaled down to " + desired + " instances");
            }
        }
    }

    private static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() != null ? pod.getStatus().getPhase() : null;
        return "Failed".equals(phase) || "Succeeded".equals(phase);
    }

    /** The pods as they are, and each running one's instance manager asked with a short timeout. */
    private List<ObservedInstance> observe(Cluster cluster, Context<Cluster> context) {
        List<ObservedInstance> observed = new ArrayList<>();
        List<Pod> pods = owned(context.getSecondaryResources(Pod.class), cluster).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
        for (Pod pod : pods) {
            String ip = pod.getStatus() != null ? pod.getStatus().getPodIP() : null;
            InstanceStatus status =
                    ip == null || ip.isEmpty() ? null : instances.status(ip).value();
            observed.add(new ObservedInstance(pod.getMetadata().getName(), podReady(pod), ip, status));
        }
        return observed;
    }

    static boolean podReady(Pod pod) {
        return Pods.ready(pod);
    }

    static String targetPrimary(Cluster cluster) {
        ClusterStatus status = cluster.getStatus();
        return status != null && status.targetPrimary() != null
                ? status.targetPrimary()
                : ClusterResources.instanceName(cluster, 1);
    }

    private static <R extends HasMetadata> List<R> owned(Set<R> resources, Cluster cluster) {
        return resources.stream()
                .filter(r -> ClusterResources.ownedBy(r, cluster))
                .toList();
    }

    private static <R extends HasMetadata> Map<String, R> byName(List<R> resources) {
        return resources.stream()
                .collect(Collectors.toMap(r -> r.getMetadata().getName(), Function.identity(), (a, b) -> a));
    }

    /**
     * The status, only when something changed ({@link StatusPatch}). A conflict (the Backup reconciler wrote the
     * backup times meanwhile) or a deletion ends this reconcile: the newer Cluster's event brings the next one.
     */
    private static void patchStatusIfChanged(Cluster cluster, ClusterStatus desired, Context<Cluster> context) {
        StatusPatch.writeAndCache(cluster, desired, context);
    }
}

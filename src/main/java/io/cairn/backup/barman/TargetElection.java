package io.cairn.backup.barman;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupTarget;
import io.cairn.api.v1.Cluster;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupStep;
import io.cairn.backup.barman.BackupTargetSelector.Candidate;
import io.cairn.backup.barman.BackupTargetSelector.Election;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.client.InstanceClient;
import io.cairn.support.Pods;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Elects the instance a backup of any method runs on: asks each ready pod's instance manager for its state, then
 * lets {@link BackupTargetSelector} decide; none elected ⇒ CloudNativePG's {@code FindingPod} wait.
 */
public final class TargetElection {

    public static final Duration TARGET_RETRY = Duration.ofSeconds(30);
    public static final String FINDING_POD = "FindingPod";

    /** The elected pod, what its instance manager said, and whether it is the primary. */
    public record Elected(Pod pod, InstanceStatus state, boolean primary) {

        public String podName() {
            return pod.getMetadata().getName();
        }
    }

    private TargetElection() {}

    public static Optional<Elected> elect(BackupRun run, InstanceClient instances) {
        Cluster cluster = run.cluster();
        List<Pod> pods = InstancePods.live(run.pods());
        Map<String, InstanceStatus> states = new HashMap<>();
        List<Candidate> candidates = pods.stream()
                .map(pod -> {
                    boolean ready = Pods.ready(pod);
                    String ip = InstancePods.ip(pod);
                    InstanceStatus state =
                            ready && ip != null ? instances.status(ip).value() : null;
                    if (state != null) {
                        states.put(pod.getMetadata().getName(), state);
                    }
                    return new Candidate(pod.getMetadata().getName(), ready, state);
                })
                .toList();
        Optional<Election> election =
                BackupTargetSelector.elect(target(run.backup(), cluster), primary(cluster), candidates);
        return election.map(e ->
                new Elected(InstancePods.named(pods, e.podName()).orElseThrow(), states.get(e.podName()), e.primary()));
    }

    /** The wait when no instance can be elected. */
    public static BackupStep.Wait noTarget(BackupRun run) {
        List<Pod> pods = InstancePods.live(run.pods());
        return new BackupStep.Wait(
                TARGET_RETRY,
                FINDING_POD,
                "Couldn't find a ready instance of cluster "
                        + run.cluster().getMetadata().getName() + " to run a "
                        + target(run.backup(), run.cluster()).value()
                        + " backup on (pods: " + pods.size() + ", Ready: "
                        + pods.stream().filter(Pods::ready).count()
                        + "), will retry in " + TARGET_RETRY.toSeconds() + " seconds",
                true);
    }

    /** {@code spec.target}, else the Cluster's {@code spec.backup.target}, else prefer-standby. */
    static BackupTarget target(Backup backup, Cluster cluster) {
        if (backup.getSpec().target() != null) {
            return backup.getSpec().target();
        }
        BackupTarget configured = cluster.getSpec().backup() == null
                ? null
                : cluster.getSpec().backup().target();
        return configured == null ? BackupTarget.PREFER_STANDBY : configured;
    }

    /** The Cluster's current primary, else its target primary, else its first instance. */
    static String primary(Cluster cluster) {
        if (cluster.getStatus() != null && cluster.getStatus().currentPrimary() != null) {
            return cluster.getStatus().currentPrimary();
        }
        if (cluster.getStatus() != null && cluster.getStatus().targetPrimary() != null) {
            return cluster.getStatus().targetPrimary();
        }
        return cluster.getMetadata().getName() + "-1";
    }
}

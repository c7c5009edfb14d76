package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ClusterStatus;
import io.cairn.controller.cluster.ClusterStatusFactory.ObservedInstance;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.RecoveryFailure;
import io.cairn.instance.api.client.FakeInstanceClient;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryStatusTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Cluster CLUSTER = Serialization.unmarshal("""
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata: {name: pg, namespace: db, uid: u1, generation: 2}
            spec:
              instances: 1
              bootstrap: {recovery: {backup: {name: nightly}}}
            """, Cluster.class);

    @Test
    void aClusterWaitingForItsSourceSaysWhyInReadyAndThePhaseReason() {
        ClusterStatus built = ClusterStatusFactory.build(CLUSTER, "pg-1", List.of(), NOW);
        ClusterStatus waiting = RecoveryStatus.waiting(
                built, new RecoverySource.Waiting("RecoveryBackupNotFound", "Backup nightly does not exist"), 2L, NOW);
        assertThat(waiting.phase()).isEqualTo("Setting up primary");
        assertThat(waiting.phaseReason()).isEqualTo("Backup nightly does not exist");
        Condition ready = waiting.conditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .findFirst()
                .orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("RecoveryBackupNotFound");
        assertThat(ready.getObservedGeneration()).isEqualTo(2L);
        assertThat(waiting.conditions())
                .filteredOn(c -> c.getType().equals("Ready"))
                .hasSize(1);
    }

    @Test
    void theFirstInstancesRecoveryFailureComesFromItsStatus() {
        RecoveryFailure noBackup = new RecoveryFailure("no target backup found");
        InstanceStatus reported =
                FakeInstanceClient.reported("primary", false, null, null, null, null, null, noBackup.message());
        InstanceStatus failed = new InstanceStatus(
                reported.podName(),
                reported.clusterName(),
                reported.namespace(),
                reported.role(),
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                reported.error(),
                reported.sessionId(),
                noBackup);
        assertThat(RecoveryStatus.failure("pg-1", List.of(new ObservedInstance("pg-1", false, failed))))
                .hasValueSatisfying(w -> {
                    assertThat(w.reason()).isEqualTo("RecoveryFailed");
                    assertThat(w.message()).isEqualTo("Instance pg-1: Recovery failed: no target backup found");
                });
        InstanceStatus starting = FakeInstanceClient.reported(
                "primary", false, null, null, null, null, null, "PostgreSQL does not accept connections (yet)");
        assertThat(RecoveryStatus.failure(
                        "pg-1",
                        List.of(
                                new ObservedInstance("pg-1", false, starting),
                                new ObservedInstance("pg-2", false, failed))))
                .isEmpty();
    }
}

package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.backup.volumesnapshot.FencedInstances;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrphanFencesTest {

    private static final FencedInstances PG_2 = new FencedInstances(List.of("pg-2"));

    @Test
    void aFenceHeldByARunningColdSnapshotBackupStays() {
        assertThat(OrphanFences.of("pg", PG_2, List.of(backup("cold", "pg", "started", "pg-2", false))))
                .isEmpty();
    }

    @Test
    void aFenceNoBackupHoldsAnyMoreIsAnOrphan() {
        assertThat(OrphanFences.of("pg", PG_2, List.of())).containsExactly("pg-2");
        assertThat(OrphanFences.of("pg", PG_2, List.of(backup("cold", "pg", "completed", "pg-2", false))))
                .as("finished")
                .containsExactly("pg-2");
        assertThat(OrphanFences.of("pg", PG_2, List.of(backup("cold", "pg", "started", "pg-2", true))))
                .as("being deleted")
                .containsExactly("pg-2");
        assertThat(OrphanFences.of("pg", PG_2, List.of(backup("cold", "other", "started", "pg-2", false))))
                .as("another cluster's")
                .containsExactly("pg-2");
        assertThat(OrphanFences.of("pg", PG_2, List.of(backup("cold", "pg", "started", "pg-3", false))))
                .as("another instance's")
                .containsExactly("pg-2");
    }

    @Test
    void everyInstanceIsNeverLiftedForCairnNeverWritesIt() {
        assertThat(OrphanFences.of("pg", new FencedInstances(List.of("*")), List.of()))
                .isEmpty();
    }

    private static Backup backup(String name, String cluster, String phase, String pod, boolean deleting) {
        return Serialization.unmarshal(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s, namespace: db%s}
                spec: {cluster: {name: %s}, method: volumeSnapshot, online: false}
                status:
                  phase: %s
                  method: volumeSnapshot
                  instanceID: {podName: %s}
                """.formatted(
                        name, deleting ? ", deletionTimestamp: \"2026-12-07T22:00:00Z\"" : "", cluster, phase, pod),
                Backup.class);
    }
}

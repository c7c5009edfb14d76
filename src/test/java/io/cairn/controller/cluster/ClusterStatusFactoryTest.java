package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Cluster;
import io.cairn.api.v1.ClusterStatus;
import io.cairn.api.v1.InstanceLsns;
import io.cairn.api.v1.InstanceReportedState;
import io.cairn.controller.cluster.ClusterStatusFactory.ObservedInstance;
import io.cairn.instance.api.ArchiveResult;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.client.FakeInstanceClient;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterStatusFactoryTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private static Cluster cluster(int instances, boolean backup) {
        Cluster cluster = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: db, uid: u1, generation: 3}
                spec:
                  instances: %d
                """.formatted(instances) + (backup ? """
                  backup:
                    barmanObjectStore:
                      destinationPath: s3://b/pg
                      s3Credentials:
                        accessKeyId: {name: s, key: a}
                        secretAccessKey: {name: s, key: b}
                """ : ""), Cluster.class);
        return cluster;
    }

    private static InstanceStatus report(ArchiveResult lastArchive) {
        return FakeInstanceClient.reported("primary", true, 1, "0/3000000", null, null, lastArchive, null);
    }

    private static ArchiveResult archived(String walName, boolean success, String message) {
        return new ArchiveResult(walName, success, message, NOW, NOW, true);
    }

    @Test
    void allReadyIsHealthy() {
        ClusterStatus status = ClusterStatusFactory.build(
                cluster(2, false),
                "pg-1",
                List.of(new ObservedInstance("pg-2", true, null), new ObservedInstance("pg-1", true, report(null))),
                NOW);
        assertThat(status.phase()).isEqualTo("Cluster in healthy state");
        assertThat(status.instanceNames()).containsExactly("pg-1", "pg-2");
        assertThat(status.instancesStatus()).containsEntry("healthy", List.of("pg-1", "pg-2"));
        assertThat(status.readyInstances()).isEqualTo(2);
        assertThat(status.currentPrimary()).isEqualTo("pg-1");
        assertThat(status.timelineID()).isEqualTo(1);
        assertThat(status.observedGeneration()).isEqualTo(3L);
        assertThat(status.selector()).isEqualTo("cnpg.io/cluster=pg");
        assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(status, "ContinuousArchiving")).isNull();
    }

    @Test
    void phasesFollowCloudNativePg() {
        assertThat(ClusterStatusFactory.build(
                                cluster(3, false), "pg-1", List.of(new ObservedInstance("pg-1", false, null)), NOW)
                        .phase())
                .isEqualTo("Setting up primary");
        assertThat(ClusterStatusFactory.build(
                                cluster(3, false), "pg-1", List.of(new ObservedInstance("pg-1", true, null)), NOW)
                        .phase())
                .isEqualTo("Creating a new replica");
        ClusterStatus waiting = ClusterStatusFactory.build(
                cluster(2, false),
                "pg-1",
                List.of(new ObservedInstance("pg-1", true, null), new ObservedInstance("pg-2", false, null)),
                NOW);
        assertThat(waiting.phase()).isEqualTo("Waiting for the instances to become active");
        assertThat(waiting.instancesStatus()).containsEntry("failed", List.of("pg-2"));
        assertThat(condition(waiting, "Ready").getStatus()).isEqualTo("False");
        assertThat(condition(waiting, "Ready").getMessage()).contains("1 of 2");
    }

    @Test
    void continuousArchivingMirrorsThePrimarysLastArchive() {
        ClusterStatus failing = ClusterStatusFactory.build(
                cluster(1, true),
                "pg-1",
                List.of(new ObservedInstance(
                        "pg-1",
                        true,
                        report(archived(
                                "000000010000000000000002",
                                false,
                                "barman-cloud-wal-archive exited with 4: (403) Forbidden")))),
                NOW);
        Condition archiving = condition(failing, "ContinuousArchiving");
        assertThat(archiving.getStatus()).isEqualTo("False");
        assertThat(archiving.getReason()).isEqualTo("ContinuousArchivingFailing");
        assertThat(archiving.getMessage()).contains("000000010000000000000002", "403");

        Cluster withFailure = cluster(1, true);
        withFailure.setStatus(failing);
        ClusterStatus unknownYet = ClusterStatusFactory.build(
                withFailure, "pg-1", List.of(new ObservedInstance("pg-1", true, report(null))), NOW.plusSeconds(10));
        assertThat(condition(unknownYet, "ContinuousArchiving")).isEqualTo(archiving);

        ClusterStatus fixed = ClusterStatusFactory.build(
                withFailure,
                "pg-1",
                List.of(new ObservedInstance("pg-1", true, report(archived("000000010000000000000003", true, null)))),
                NOW.plusSeconds(20));
        assertThat(condition(fixed, "ContinuousArchiving").getStatus()).isEqualTo("True");
        assertThat(condition(fixed, "ContinuousArchiving").getLastTransitionTime())
                .isEqualTo("2026-11-25T12:00:20Z");
    }

    @Test
    void eachAnsweringInstanceReportsItsRoleTimelineAddressAndWalPositions() {
        ClusterStatus status = ClusterStatusFactory.build(
                cluster(3, false),
                "pg-1",
                List.of(
                        new ObservedInstance("pg-10", false, "127.0.0.12", null),
                        new ObservedInstance(
                                "pg-2",
                                true,
                                "127.0.0.11",
                                FakeInstanceClient.reported(
                                        "replica", true, 1, null, "0/3000148", "0/3000100", null, null)),
                        new ObservedInstance(
                                "pg-1",
                                true,
                                "127.0.0.10",
                                FakeInstanceClient.reported("primary", true, 1, "0/3000148", null, null, null, null)),
                        new ObservedInstance("pg-3", false, null, null)),
                NOW);

        assertThat(status.instancesReportedState()).containsOnlyKeys("pg-1", "pg-2");
        assertThat(status.instancesReportedState().get("pg-1"))
                .isEqualTo(new InstanceReportedState(true, 1, "127.0.0.10"));
        assertThat(status.instancesReportedState().get("pg-2"))
                .isEqualTo(new InstanceReportedState(false, 1, "127.0.0.11"));
        assertThat(status.instanceLsns())
                .containsExactly(
                        new InstanceLsns("pg-1", "primary", "0/3000148", null, null),
                        new InstanceLsns("pg-2", "replica", null, "0/3000148", "0/3000100"));
    }

    @Test
    void noReportLeavesThePerInstanceFieldsOut() {
        ClusterStatus status = ClusterStatusFactory.build(
                cluster(1, false), "pg-1", List.of(new ObservedInstance("pg-1", false, null, null)), NOW);
        assertThat(status.instancesReportedState()).isNull();
        assertThat(status.instanceLsns()).isNull();
    }

    @Test
    void noPodsLeaveInstancesStatusOut() {
        // an empty object would come back from server-side apply as a null, which the schema refuses
        assertThat(ClusterStatusFactory.build(cluster(1, false), "pg-1", List.of(), NOW)
                        .instancesStatus())
                .isNull();
    }

    @Test
    void unimplementedCloudNativePgFieldsThatAreSetAreNamedInTheUnsupportedFieldsCondition() {
        Cluster cluster = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: db, uid: u1, generation: 2}
                spec:
                  instances: 1
                  primaryUpdateStrategy: unsupervised
                  enableSuperuserAccess: true
                  affinity: {enablePodAntiAffinity: true}
                """, Cluster.class);
        assertThat(cluster.getSpec().unmodelledFieldNames()).containsExactly("affinity", "primaryUpdateStrategy");

        Condition unsupported =
                condition(ClusterStatusFactory.build(cluster, "pg-1", List.of(), NOW), "UnsupportedFields");
        assertThat(unsupported.getStatus()).isEqualTo("True");
        assertThat(unsupported.getReason()).isEqualTo("FieldsNotImplemented");
        assertThat(unsupported.getMessage()).endsWith(": spec.affinity, spec.primaryUpdateStrategy");
        assertThat(condition(
                        ClusterStatusFactory.build(cluster(1, false), "pg-1", List.of(), NOW), "UnsupportedFields"))
                .isNull();
    }

    @Test
    void unmodelledFieldsSurviveARoundTripThroughTheSpec() {
        Cluster cluster = Serialization.unmarshal("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec:
                  instances: 1
                  primaryUpdateStrategy: unsupervised
                  monitoring: {enablePodMonitor: true}
                """, Cluster.class);
        Cluster scaled = Serialization.clone(cluster);
        scaled.setSpec(cluster.getSpec().withInstances(3));

        String yaml = Serialization.asYaml(scaled);
        assertThat(yaml)
                .contains("primaryUpdateStrategy: \"unsupervised\"", "enablePodMonitor: true", "instances: 3")
                .doesNotContain("unmodelled");
    }

    private static Condition condition(ClusterStatus status, String type) {
        return status.conditions().stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst()
                .orElse(null);
    }
}

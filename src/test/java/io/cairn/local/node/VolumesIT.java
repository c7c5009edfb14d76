package io.cairn.local.node;

import static io.cairn.local.node.NodeAgentFixture.phase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Claims become directories that outlive pods; Secret, ConfigMap and claim volumes appear at their mountPaths. */
class VolumesIT {

    private static NodeAgentFixture fixture;

    @BeforeAll
    static void startAgent() {
        fixture = NodeAgentFixture.start("volumes", false);
    }

    @AfterAll
    static void stopAgent() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static PersistentVolumeClaim createClaim(String name, String size) {
        return fixture.client.persistentVolumeClaims().inNamespace(fixture.ns()).resource(
                new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                        .addToRequests("storage", new Quantity(size)).endResources().endSpec().build()).create();
    }

    private static PersistentVolumeClaim awaitBound(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            PersistentVolumeClaim claim = fixture.client.persistentVolumeClaims().inNamespace(fixture.ns())
                    .withName(name).get();
            return claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase());
        });
        return fixture.client.persistentVolumeClaims().inNamespace(fixture.ns()).withName(name).get();
    }

    /** A postgres-like pod: uid 26 (which this machine does not have), the claim at /var/lib/postgresql/data. */
    private static Pod claimPod(String name, String claim, String script) {
        return new PodBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withTerminationGracePeriodSeconds(2L)
                .withNewSecurityContext().withRunAsUser(26L).withRunAsGroup(26L).withFsGroup(26L).endSecurityContext()
                .addNewVolume().withName("pgdata").withNewPersistentVolumeClaim().withClaimName(claim)
                .endPersistentVolumeClaim().endVolume()
                .addNewContainer().withName("main").withImage("ghcr.io/cloudnative-pg/postgresql:17")
                .withCommand("sh", "-c", script)
                .addNewVolumeMount().withName("pgdata").withMountPath("/var/lib/postgresql/data").endVolumeMount()
                .endContainer()
                .endSpec().build();
    }

    @Test
    void aClaimIsBoundToAVolumeOfItsOwnDirectory() {
        PersistentVolumeClaim created = createClaim("bound", "2Gi");

        PersistentVolumeClaim bound = awaitBound("bound");

        String volumeName = "pvc-" + created.getMetadata().getUid();
        assertThat(bound.getSpec().getVolumeName()).isEqualTo(volumeName);
        assertThat(bound.getStatus().getCapacity()).containsEntry("storage", new Quantity("2Gi"));
        assertThat(bound.getStatus().getAccessModes()).containsExactly("ReadWriteOnce");
        PersistentVolume volume = fixture.client.persistentVolumes().withName(volumeName).get();
        assertThat(volume.getSpec().getHostPath().getPath())
                .isEqualTo(fixture.agent.volumeDirectory(volumeName).toString());
        assertThat(volume.getSpec().getCapacity()).containsEntry("storage", new Quantity("2Gi"));
        assertThat(volume.getSpec().getClaimRef().getUid()).isEqualTo(created.getMetadata().getUid());
        assertThat(volume.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Delete");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Bound".equals(
                fixture.client.persistentVolumes().withName(volumeName).get().getStatus().getPhase()));
        assertThat(fixture.agent.volumeDirectory(volumeName)).isDirectory();
    }

    @Test
    void aPodSeesItsVolumesAtTheirMountPathsAndRunsAsTheMappedUser() throws Exception {
        PersistentVolumeClaim claim = createClaim("files", "1Gi");
        fixture.client.secrets().inNamespace(fixture.ns()).resource(new SecretBuilder().withNewMetadata()
                .withName("tls").endMetadata().withStringData(Map.of("tls.key", "KEY", "tls.crt", "CERT")).build())
                .create();
        fixture.client.configMaps().inNamespace(fixture.ns()).resource(new ConfigMapBuilder().withNewMetadata()
                .withName("settings").endMetadata().withData(Map.of("postgresql.conf", "max_connections = 7",
                        "ignored", "x")).build()).create();
        Pod pod = new PodBuilder(claimPod("files", "files", String.join("; ",
                "id -u > /var/lib/postgresql/data/uid",
                "id -g > /var/lib/postgresql/data/gid",
                "cat /etc/tls/server.key > /var/lib/postgresql/data/key",
                "ls /etc/config > /var/lib/postgresql/data/config-files",
                "cat /etc/config/postgresql.conf > /var/lib/postgresql/data/config",
                "touch /etc/tls/new 2> /var/lib/postgresql/data/readonly || true",
                "echo scratch > /scratch/file && cat /scratch/file > /var/lib/postgresql/data/scratch",
                "exec sleep 600")))
                .editSpec()
                .addNewVolume().withName("tls").withNewSecret().withSecretName("tls").withDefaultMode(0640)
                .addNewItem().withKey("tls.key").withPath("server.key").endItem().endSecret().endVolume()
                .addNewVolume().withName("config").withNewConfigMap().withName("settings")
                .addNewItem().withKey("postgresql.conf").withPath("postgresql.conf").endItem().endConfigMap()
                .endVolume()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .editFirstContainer()
                .addNewVolumeMount().withName("tls").withMountPath("/etc/tls").endVolumeMount()
                .addNewVolumeMount().withName("config").withMountPath("/etc/config").endVolumeMount()
                .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
                .endContainer().endSpec().build();
        fixture.create(pod);

        fixture.awaitPod("files", p -> phase(p, "Running"));
        Path data = fixture.agent.volumeDirectory("pvc-" + claim.getMetadata().getUid());
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(data.resolve("scratch")));

        int postgresUid = (int) Files.getAttribute(Path.of("/var/lib/postgresql"), "unix:uid");
        assertThat(Files.readString(data.resolve("uid")).trim()).isEqualTo(Integer.toString(postgresUid));
        assertThat(postgresUid).isNotEqualTo(0).isNotEqualTo(26);
        assertThat(Files.getAttribute(data.resolve("uid"), "unix:uid")).isEqualTo(postgresUid);
        assertThat(Files.getAttribute(data, "unix:uid")).isEqualTo(postgresUid);
        assertThat(Files.readString(data.resolve("key"))).isEqualTo("KEY");
        assertThat(Files.readString(data.resolve("config-files")).trim()).isEqualTo("postgresql.conf");
        assertThat(Files.readString(data.resolve("config"))).isEqualTo("max_connections = 7");
        assertThat(Files.readString(data.resolve("readonly"))).contains("Read-only file system");
        assertThat(Files.readString(data.resolve("scratch")).trim()).isEqualTo("scratch");
        Pod running = fixture.get("files");
        Path secretFile = fixture.agent.workDir().resolve("pods").resolve(running.getMetadata().getUid())
                .resolve("volumes/secret/tls/server.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-r-----");
        assertThat(Files.readString(data.resolve("gid")).trim())
                .isEqualTo(Files.getAttribute(secretFile, "unix:gid").toString());
    }

    @Test
    void dataInAClaimSurvivesItsPodBeingDeletedAndCreatedAgain() throws Exception {
        PersistentVolumeClaim claim = createClaim("durable", "1Gi");
        String script = "echo \"run $(hostname)\" >> /var/lib/postgresql/data/runs; exec sleep 600";
        Pod first = fixture.awaitPod(fixture.create(claimPod("durable", "durable", script)).getMetadata().getName(),
                p -> phase(p, "Running"));
        Path runs = fixture.agent.volumeDirectory("pvc-" + claim.getMetadata().getUid()).resolve("runs");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(runs));

        fixture.client.pods().inNamespace(fixture.ns()).withName("durable").delete();
        fixture.awaitGone("durable");
        Pod second = fixture.awaitPod(fixture.create(claimPod("durable", "durable", script)).getMetadata().getName(),
                p -> phase(p, "Running"));

        assertThat(second.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(runs))
                .containsExactly("run durable", "run durable"));
    }

    @Test
    void deletingAClaimDeletesItsVolumeAndDirectoryOnceNoPodUsesIt() {
        PersistentVolumeClaim claim = createClaim("temporary", "1Gi");
        String volumeName = "pvc-" + claim.getMetadata().getUid();
        fixture.awaitPod(fixture.create(claimPod("user", "temporary", "exec sleep 600")).getMetadata().getName(),
                p -> phase(p, "Running"));
        Path dir = fixture.agent.volumeDirectory(volumeName);
        assertThat(dir).isDirectory();

        fixture.client.persistentVolumeClaims().inNamespace(fixture.ns()).withName("temporary").delete();
        // In use: the claim waits for its pod (kubernetes.io/pvc-protection), and so does its data.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(fixture.client.persistentVolumeClaims().inNamespace(fixture.ns()).withName("temporary").get())
                .isNotNull();
        assertThat(dir).isDirectory();

        fixture.client.pods().inNamespace(fixture.ns()).withName("user").delete();

        await().atMost(Duration.ofSeconds(30)).until(() -> fixture.client.persistentVolumeClaims()
                .inNamespace(fixture.ns()).withName("temporary").get() == null
                && fixture.client.persistentVolumes().withName(volumeName).get() == null);
        assertThat(dir).doesNotExist();
    }
}

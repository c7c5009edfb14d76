package io.cairn.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BackupMethod;
import io.cairn.api.v1.Cluster;
import io.cairn.backup.BackupMethodExecutor.Runner;
import io.cairn.backup.barman.BarmanObjectStoreExecutor;
import io.cairn.backup.plugin.PluginExecutor;
import io.cairn.backup.volumesnapshot.VolumeSnapshotExecutor;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One executor bean per method, checked when the application starts, and what each does today. */
class BackupMethodExecutorsTest {

    private static final BackupRun RUN = new BackupRun(
            new Backup(),
            Serialization.unmarshal(
                    "apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: pg}\nspec: {instances: 1}\n",
                    Cluster.class),
            List.of(),
            Instant.parse("2026-11-25T10:00:00Z"));

    @Test
    void everyMethodHasItsBean() {
        Map<BackupMethod, BackupMethodExecutor> index = BackupMethodExecutors.index(List.of(
                new PluginExecutor(),
                new BarmanObjectStoreExecutor(null, null),
                new VolumeSnapshotExecutor(null, null, Duration.ZERO)));

        assertThat(index).containsOnlyKeys(BackupMethod.values());
        index.forEach((method, executor) -> assertThat(executor.method()).isEqualTo(method));
        assertThat(index.get(BackupMethod.BARMAN_OBJECT_STORE).runner()).isEqualTo(Runner.INSTANCE);
        assertThat(index.get(BackupMethod.PLUGIN).runner()).isEqualTo(Runner.INSTANCE);
        assertThat(index.get(BackupMethod.VOLUME_SNAPSHOT).runner()).isEqualTo(Runner.OPERATOR);
    }

    @Test
    void aMissingBeanFailsTheStartUp() {
        assertThatThrownBy(() -> BackupMethodExecutors.index(List.of(new BarmanObjectStoreExecutor(null, null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no executor bean for the backup method(s) volumeSnapshot, plugin");
    }

    @Test
    void twoBeansForOneMethodFailTheStartUp() {
        assertThatThrownBy(() -> BackupMethodExecutors.index(List.of(
                        new BarmanObjectStoreExecutor(null, null),
                        new VolumeSnapshotExecutor(null, null, Duration.ZERO),
                        new PluginExecutor(),
                        new PluginExecutor())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("two executors for the backup method plugin");
    }

    @Test
    void pluginIsRefusedClearly() {
        assertThat(new PluginExecutor().step(RUN))
                .isEqualTo(new BackupStep.Failed(
                        "BackupMethodNotImplemented",
                        "the plugin backup method is not implemented by this version of Cairn yet"));
    }
}

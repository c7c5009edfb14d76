package io.cairn.testing;

import io.cairn.api.v1.Backup;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Plays the backup executor for scheduling tests: marks every new Backup in a namespace {@code completed} as soon as
 * it appears, so that a schedule is never blocked by an unfinished child. Scheduling does not depend on how backups
 * are taken; the Backup reconciler's own tests cover that.
 */
public final class BackupCompleter implements AutoCloseable {

    private final Watch watch;

    private BackupCompleter(Watch watch) {
        this.watch = watch;
    }

    public static BackupCompleter start(KubernetesClient client, String namespace) {
        Watch watch = client.resources(Backup.class).inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Backup backup) {
                if (action == Action.ADDED) {
                    client.resources(Backup.class)
                            .inNamespace(namespace)
                            .withName(backup.getMetadata().getName())
                            .subresource("status")
                            .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"completed\"}}");
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        return new BackupCompleter(watch);
    }

    @Override
    public void close() {
        watch.close();
    }
}

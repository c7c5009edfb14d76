package io.cairn.backup.plugin;

import io.cairn.api.v1.BackupMethod;
import io.cairn.backup.BackupMethodExecutor;
import io.cairn.backup.BackupRun;
import io.cairn.backup.BackupStep;
import io.cairn.backup.NotImplemented;
import jakarta.enterprise.context.ApplicationScoped;

/** A CNPG-I plugin's Backup call, made by the instance manager over gRPC. Refused until its issue lands. */
@ApplicationScoped
public class PluginExecutor implements BackupMethodExecutor {

    @Override
    public BackupMethod method() {
        return BackupMethod.PLUGIN;
    }

    @Override
    public Runner runner() {
        return Runner.INSTANCE;
    }

    @Override
    public BackupStep step(BackupRun run) {
        return NotImplemented.refuse(method());
    }
}

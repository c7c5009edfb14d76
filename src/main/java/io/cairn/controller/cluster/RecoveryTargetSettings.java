package io.cairn.controller.cluster;

import io.cairn.api.v1.RecoveryTarget;
import io.cairn.instance.api.RecoveryTargetTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Cluster's {@code recoveryTarget} as PostgreSQL settings, as CloudNativePG maps it: targetTLI →
 * recovery_target_timeline, targetXID → recovery_target_xid, targetName → recovery_target_name, targetLSN →
 * recovery_target_lsn, targetTime → recovery_target_time (in PostgreSQL's form), targetImmediate →
 * recovery_target = 'immediate', and always recovery_target_inclusive (false when exclusive). The instance adds
 * recovery_target_action = promote and restore_command. Pure.
 */
public final class RecoveryTargetSettings {

    private RecoveryTargetSettings() {}

    /** @throws IllegalArgumentException for a targetTime that is not a timestamp */
    public static Map<String, String> of(RecoveryTarget target) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (target == null) {
            return settings;
        }
        putIfSet(settings, "recovery_target_timeline", target.targetTLI());
        putIfSet(settings, "recovery_target_xid", target.targetXID());
        putIfSet(settings, "recovery_target_name", target.targetName());
        putIfSet(settings, "recovery_target_lsn", target.targetLSN());
        if (target.targetTime() != null && !target.targetTime().isBlank()) {
            settings.put("recovery_target_time", RecoveryTargetTime.normalize(target.targetTime()));
        }
        if (Boolean.TRUE.equals(target.targetImmediate())) {
            settings.put("recovery_target", "immediate");
        }
        settings.put("recovery_target_inclusive", Boolean.TRUE.equals(target.exclusive()) ? "false" : "true");
        return settings;
    }

    private static void putIfSet(Map<String, String> settings, String name, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(name, value);
        }
    }
}

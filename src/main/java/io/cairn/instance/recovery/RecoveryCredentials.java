package io.cairn.instance.recovery;

import java.util.HashMap;
import java.util.Map;

/**
 * The recovery source's credentials. They reach the pod as {@code CAIRN_RECOVERY_<NAME>} (e.g.
 * {@code CAIRN_RECOVERY_AWS_ACCESS_KEY_ID}), so they can differ from the cluster's own archive credentials
 * ({@code AWS_ACCESS_KEY_ID}...), and become {@code <NAME>} only in the environment of the barman commands that read
 * the source. Never logged.
 */
public final class RecoveryCredentials {

    public static final String PREFIX = "CAIRN_RECOVERY_";

    private RecoveryCredentials() {
    }

    /** The environment to add to a barman command reading the source: every {@code CAIRN_RECOVERY_X} as {@code X}. */
    public static Map<String, String> barmanEnvironment(Map<String, String> environment) {
        Map<String, String> mapped = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length() && value != null) {
                mapped.put(name.substring(PREFIX.length()), value);
            }
        });
        return mapped;
    }
}

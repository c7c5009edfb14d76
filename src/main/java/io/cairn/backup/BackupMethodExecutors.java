package io.cairn.backup;

import io.cairn.api.v1.BackupMethod;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@link BackupMethodExecutor} bean of each {@link BackupMethod}. Built eagerly at start-up: a method with no
 * bean, or with two, stops the application before it reconciles anything.
 */
@Startup
@ApplicationScoped
public class BackupMethodExecutors {

    @Inject
    @Any
    Instance<BackupMethodExecutor> beans;

    private Map<BackupMethod, BackupMethodExecutor> byMethod;

    @PostConstruct
    void index() {
        byMethod = index(beans);
    }

    /** The executor of {@code method}. */
    public BackupMethodExecutor forMethod(BackupMethod method) {
        return byMethod.get(method);
    }

    /** One executor per method, or an {@link IllegalStateException} naming what is missing or doubled. */
    static Map<BackupMethod, BackupMethodExecutor> index(Iterable<BackupMethodExecutor> executors) {
        Map<BackupMethod, BackupMethodExecutor> result = new EnumMap<>(BackupMethod.class);
        for (BackupMethodExecutor executor : executors) {
            BackupMethodExecutor previous = result.put(executor.method(), executor);
            if (previous != null) {
                throw new IllegalStateException("two executors for the backup method "
                        + executor.method().value() + ": " + previous.getClass().getName() + " and "
                        + executor.getClass().getName());
            }
        }
        String missing = Arrays.stream(BackupMethod.values())
                .filter(m -> !result.containsKey(m))
                .map(BackupMethod::value)
                .collect(Collectors.joining(", "));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no executor bean for the backup method(s) " + missing);
        }
        return Map.copyOf(result);
    }
}

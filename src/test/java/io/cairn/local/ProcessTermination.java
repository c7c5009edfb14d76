package io.cairn.local;

import java.util.concurrent.TimeUnit;

/** Stops a local runtime process as Kubernetes stops a container: SIGTERM, then SIGKILL after a grace period. */
public final class ProcessTermination {

    private ProcessTermination() {}

    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

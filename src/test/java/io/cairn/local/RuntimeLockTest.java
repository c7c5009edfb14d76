package io.cairn.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime's machine-wide lock ({@code local/runtime/lock.sh}) with real bash, flock and processes, on a lock
 * file of its own: waiters get the lock in the order they came, and a waiter that died leaves no hole in the line.
 */
class RuntimeLockTest {

    private static final Path LOCK_SCRIPT = Path.of("local/runtime/lock.sh").toAbsolutePath();

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopEveryone() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void waitersGetTheLockInTheOrderTheyCame() throws Exception {
        Path release = dir.resolve("release");
        holder(release);
        for (String name : List.of("first", "second", "third", "fourth")) {
            waiter(name);
            awaitTickets(processes.size() - 1);
        }

        Files.writeString(release, "");

        await().atMost(Duration.ofSeconds(60)).until(() -> order().size() == 4);
        assertThat(order()).containsExactly("first", "second", "third", "fourth");
    }

    @Test
    void theTicketOfAWaiterThatDiedIsSkipped() throws Exception {
        Path release = dir.resolve("release");
        holder(release);
        Process gone = waiter("gone");
        awaitTickets(1);
        waiter("next");
        awaitTickets(2);
        gone.destroyForcibly().waitFor();

        Files.writeString(release, "");

        await().atMost(Duration.ofSeconds(60)).until(() -> order().size() == 1);
        assertThat(order()).containsExactly("next");
        assertThat(Files.list(queue()).toList()).as("tickets left").isEmpty();
    }

    /** Takes the lock first and keeps it until {@code release} exists. */
    private void holder(Path release) throws IOException {
        start("holder", "while [ ! -e '" + release + "' ]; do sleep 0.1; done");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("holder.locked")));
    }

    /** Waits for the lock, writes its name into the order file, and releases the lock by exiting. */
    private Process waiter(String name) throws IOException {
        return start(name, "echo " + name + " >>'" + dir.resolve("order") + "'");
    }

    private Process start(String name, String whileLocked) throws IOException {
        String script = String.join(
                "\n",
                "set -euo pipefail",
                "log() { :; }",
                "die() { echo \"$*\" >&2; exit 1; }",
                "DIR='" + dir + "'",
                "CAIRN_LOCK_FILE='" + dir.resolve("lock") + "'",
                "source '" + LOCK_SCRIPT + "'",
                "acquire_lock",
                ": >'" + dir.resolve(name + ".locked") + "'",
                whileLocked);
        Process process = new ProcessBuilder("bash", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
        processes.add(process);
        return process;
    }

    private void awaitTickets(int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.isDirectory(queue()) && Files.list(queue()).count() == count);
    }

    private Path queue() {
        return dir.resolve("lock.queue");
    }

    private List<String> order() throws IOException {
        Path order = dir.resolve("order");
        return Files.exists(order) ? Files.readAllLines(order) : List.of();
    }
}

package io.cairn.instance.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A command that is given up on ends with its children (barman-cloud-backup's upload workers). */
class LocalCommandRunnerTest {

    private static final List<String> PARENT_WITH_CHILDREN = List.of("sh", "-c", "sleep 300 & sleep 300 & wait");

    @Test
    void aNullValueRemovesAVariableTheCommandWouldInherit() {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("HOME", null);
        env.put("CAIRN_GIVEN", "given");

        CommandResult result = new LocalCommandRunner()
                .run(
                        List.of("sh", "-c", "echo \"${HOME-unset} $CAIRN_GIVEN\""),
                        env,
                        null,
                        null,
                        Duration.ofSeconds(30));

        assertThat(System.getenv("HOME")).as("inherited unless removed").isNotNull();
        assertThat(result.stdout().strip()).isEqualTo("unset given");
    }

    @Test
    void anInterruptedCallerEndsTheWholeTree() throws Exception {
        AtomicReference<CommandResult> result = new AtomicReference<>();
        Thread caller =
                new Thread(() -> result.set(new LocalCommandRunner().run(PARENT_WITH_CHILDREN, Duration.ofMinutes(5))));
        caller.start();
        List<ProcessHandle> tree = awaitTree();

        caller.interrupt();
        caller.join(Duration.ofSeconds(30).toMillis());
        assertThat(result.get().exitCode()).isEqualTo(-1);
        assertThat(result.get().stderr()).isEqualTo("interrupted");
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aTimedOutCommandEndsWithItsChildren() {
        AtomicReference<List<ProcessHandle>> tree = new AtomicReference<>();
        Thread watcher = new Thread(() -> tree.set(awaitTree()));
        watcher.start();
        CommandResult result = new LocalCommandRunner().run(PARENT_WITH_CHILDREN, Duration.ofSeconds(3));
        assertThat(result.exitCode()).isEqualTo(-1);
        assertThat(result.stderr()).startsWith("timed out");
        assertThat(tree.get()).isNotNull().noneMatch(ProcessHandle::isAlive);
    }

    /** sh and its two sleeps, once they all run. */
    private static List<ProcessHandle> awaitTree() {
        await().atMost(Duration.ofSeconds(30)).until(() -> sleeps().size() == 2);
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.endsWith("/sh") || c.endsWith("/dash") || c.endsWith("/sleep"))
                        .orElse(false))
                .toList();
    }

    private static List<ProcessHandle> sleeps() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false))
                .toList();
    }
}

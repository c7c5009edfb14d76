package io.cairn.instance.backup;

import io.cairn.instance.process.CommandResult;
import io.cairn.instance.process.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * barman-cloud as a {@link CommandRunner} fake: answers each barman program with a scripted result (the last one
 * repeats), records every call, and can hold barman-cloud-backup until {@link #releaseBackup} (or an interrupt).
 */
public final class FakeBarman implements CommandRunner {

    /** One call: the command line and the extra environment. */
    public record Call(List<String> command, Map<String, String> env) {
        public String program() {
            return command.get(0);
        }
    }

    private final Map<String, List<CommandResult>> scripts = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private CountDownLatch backupGate = new CountDownLatch(0);
    private final CountDownLatch backupStarted = new CountDownLatch(1);

    public FakeBarman answer(String program, CommandResult... results) {
        scripts.put(program, new ArrayList<>(List.of(results)));
        return this;
    }

    /** barman-cloud-backup waits until {@link #releaseBackup}. */
    public FakeBarman holdBackup() {
        backupGate = new CountDownLatch(1);
        return this;
    }

    public void releaseBackup() {
        backupGate.countDown();
    }

    public boolean awaitBackupStarted() throws InterruptedException {
        return backupStarted.await(10, TimeUnit.SECONDS);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    public static CommandResult failed(int exitCode, String stderr) {
        return new CommandResult(exitCode, "", stderr);
    }

    @Override
    public CommandResult run(List<String> command, Map<String, String> env, Path workingDirectory, String stdin,
            Duration timeout) {
        synchronized (this) {
            calls.add(new Call(List.copyOf(command), Map.copyOf(env)));
        }
        if (command.get(0).equals("barman-cloud-backup")) {
            backupStarted.countDown();
            try {
                backupGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new CommandResult(-1, "", "interrupted");
            }
        }
        synchronized (this) {
            List<CommandResult> script = scripts.get(command.get(0));
            if (script == null || script.isEmpty()) {
                return new CommandResult(0, "", "");
            }
            return script.size() == 1 ? script.get(0) : script.remove(0);
        }
    }
}

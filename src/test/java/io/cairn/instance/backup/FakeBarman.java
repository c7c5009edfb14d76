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
import java.util.function.Function;

/**
 * barman-cloud as a {@link CommandRunner} fake, the one of the unit tests: answers each barman program with scripted
 * results (the last one repeats) or a behaviour of the call, records every call, and can hold barman-cloud-backup
 * until {@link #releaseBackup} (or an interrupt). A program it was told nothing about exits 0.
 */
public final class FakeBarman implements CommandRunner {

    /** One call: the command line, the extra environment and the working directory. */
    public record Call(List<String> command, Map<String, String> env, Path workingDirectory) {
        public String program() {
            return command.get(0);
        }

        /** The argument {@code fromEnd} places before the end (0: the last). */
        public String argumentFromEnd(int fromEnd) {
            return command.get(command.size() - 1 - fromEnd);
        }
    }

    private final Map<String, List<CommandResult>> scripts = new HashMap<>();
    private final Map<String, Function<Call, CommandResult>> behaviours = new HashMap<>();
    private final List<Call> calls = new ArrayList<>();
    private CountDownLatch backupGate = new CountDownLatch(0);
    private final CountDownLatch backupStarted = new CountDownLatch(1);

    public FakeBarman answer(String program, CommandResult... results) {
        scripts.put(program, new ArrayList<>(List.of(results)));
        return this;
    }

    /** {@code program} answers what {@code behaviour} makes of each call (which may also act, as barman would). */
    public FakeBarman answer(String program, Function<Call, CommandResult> behaviour) {
        behaviours.put(program, behaviour);
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

    /** The calls of {@code program}. */
    public List<Call> calls(String program) {
        return calls().stream().filter(call -> call.program().equals(program)).toList();
    }

    public synchronized void forgetCalls() {
        calls.clear();
    }

    public static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    public static CommandResult failed(int exitCode, String stderr) {
        return new CommandResult(exitCode, "", stderr);
    }

    @Override
    public CommandResult run(
            List<String> command, Map<String, String> env, Path workingDirectory, String stdin, Duration timeout) {
        Call call = new Call(
                List.copyOf(command),
                java.util.Collections.unmodifiableMap(new java.util.HashMap<>(env)),
                workingDirectory);
        synchronized (this) {
            calls.add(call);
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
        Function<Call, CommandResult> behaviour;
        synchronized (this) {
            behaviour = behaviours.get(command.get(0));
        }
        if (behaviour != null) {
            return behaviour.apply(call);
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

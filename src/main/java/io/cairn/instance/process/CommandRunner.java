package io.cairn.instance.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Runs a short-lived external command and collects what it printed. Fakes stand in for it in unit tests. */
public interface CommandRunner {

    /**
     * @param command the program and its arguments
     * @param env variables added to (or replacing those of) the current environment; a null value removes one
     * @param stdin written to the command's standard input, then closed; null for none
     * @param timeout the command is killed after this and reported with exit code -1
     */
    CommandResult run(
            List<String> command, Map<String, String> env, Path workingDirectory, String stdin, Duration timeout);

    default CommandResult run(List<String> command, Duration timeout) {
        return run(command, Map.of(), null, null, timeout);
    }
}

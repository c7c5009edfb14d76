package io.cairn.instance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How this binary runs itself, for PostgreSQL's {@code archive_command}: {@code CAIRN_SELF_COMMAND} when set (a
 * launcher such as {@code /controller/manager} in an image); else the native executable itself; else the running
 * JVM's {@code java} with {@code -jar} and the absolute path of the jar it was started from (Quarkus's
 * {@code quarkus-run.jar}), with flags that make a short-lived JVM start faster.
 */
public record SelfCommand(List<String> prefix) {

    /** A short-lived {@code wal-archive} JVM: C1 only and the serial collector start faster on 2 cores. */
    static final List<String> SHORT_LIVED_JVM_FLAGS =
            List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    /** PostgreSQL's placeholders for archive_command and restore_command: a path and a file name, both shell-safe. */
    private static final java.util.Set<String> PLACEHOLDERS = java.util.Set.of("%p", "%f");

    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./=:,+@-]+");

    public static SelfCommand detect(Optional<String> override) {
        if (override.isPresent()) {
            return new SelfCommand(Arrays.asList(override.get().trim().split("\\s+")));
        }
        if (System.getProperty("org.graalvm.nativeimage.imagecode") != null) {
            return new SelfCommand(List.of(ProcessHandle.current()
                    .info()
                    .command()
                    .orElseThrow(() -> new IllegalStateException(
                            "cannot tell this executable's path; set " + "CAIRN_SELF_COMMAND"))));
        }
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) {
            throw new IllegalStateException("cannot tell how to run this binary again (class path '" + classPath
                    + "' is not one jar); set CAIRN_SELF_COMMAND");
        }
        List<String> prefix = new ArrayList<>();
        prefix.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        prefix.addAll(SHORT_LIVED_JVM_FLAGS);
        prefix.add("-jar");
        prefix.add(Path.of(classPath).toAbsolutePath().normalize().toString());
        return new SelfCommand(List.copyOf(prefix));
    }

    /**
     * The archive_command (or restore_command) line {@code <prefix> <args>}: each word quoted for /bin/sh where
     * needed, and every {@code %} doubled so PostgreSQL does not take it for a placeholder, except the arguments
     * {@code %p} and {@code %f} themselves (PostgreSQL replaces them with a path relative to PGDATA and a file name,
     * which need no quoting).
     */
    public String archiveCommandLine(String... args) {
        List<String> words = new ArrayList<>();
        prefix.forEach(word -> words.add(shellQuote(word).replace("%", "%%")));
        for (String arg : args) {
            words.add(PLACEHOLDERS.contains(arg) ? arg : shellQuote(arg).replace("%", "%%"));
        }
        return String.join(" ", words);
    }

    static String shellQuote(String word) {
        if (SHELL_SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}

package io.cairn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tool {@code local/kube-binaries.sh} builds into its cache, found by the script's own convention and without the
 * local runtime: {@code $CAIRN_KUBE_CACHE/tools/<name>-<version>/<name>} (the cache defaulting to
 * {@code ${XDG_CACHE_HOME:-~/.cache}/cairn/kube}), the version from {@code CAIRN_<NAME>_VERSION} or the script's
 * default, so the tests run the version the script pins ({@code <NAME>} upper case, a dash an underscore).
 */
public final class CachedTool {

    private static final Path SCRIPT = Path.of("local", "kube-binaries.sh");

    private CachedTool() {}

    /** The tool's path; fails the test, naming the script to run, when it was not built. */
    public static Path path(String name) {
        return path(name, name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The path of a tool whose version is {@code <VARIABLE>_VERSION} (promtool: PROMETHEUS, its module's). */
    public static Path path(String name, String variable) {
        String version = System.getenv("CAIRN_" + variable + "_VERSION");
        if (version == null || version.isEmpty()) {
            version = defaultVersion(variable);
        }
        Path tool = cache().resolve("tools").resolve(name + "-" + version).resolve(name);
        if (!Files.isExecutable(tool)) {
            throw new AssertionError(tool + " is missing: run local/kube-binaries.sh, which builds " + name + " "
                    + version + " there (the suite's build step, .ci/run and local/test, runs it)");
        }
        return tool;
    }

    /**
     * The directory local/kube-binaries.sh installs barman-cloud's Azure and Google libraries into (pinned in
     * local/barman-cloud-python.txt, the directory named by the first 12 digits of that file's SHA-256): what the
     * tests put on barman's {@code PYTHONPATH}, as the PostgreSQL image has them in its own site-packages.
     */
    public static Path barmanCloudPython() {
        Path requirements = Path.of("local", "barman-cloud-python.txt");
        String hash;
        try {
            hash = java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(requirements)))
                    .substring(0, 12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path dir = cache().resolve("tools").resolve("barman-cloud-python-" + hash);
        if (!Files.isDirectory(dir)) {
            throw new AssertionError(dir + " is missing: run local/kube-binaries.sh, which installs " + requirements
                    + " there (the suite's build step, .ci/run and local/test, runs it)");
        }
        return dir;
    }

    private static Path cache() {
        String cache = System.getenv("CAIRN_KUBE_CACHE");
        if (cache != null && !cache.isEmpty()) {
            return Path.of(cache);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("cairn").resolve("kube");
    }

    private static String defaultVersion(String variable) {
        Matcher version = Pattern.compile(
                        "(?m)^" + variable + "_VERSION=\\$\\{CAIRN_" + variable + "_VERSION:-([^}]+)}")
                .matcher(read(SCRIPT));
        if (!version.find()) {
            throw new AssertionError(SCRIPT + " pins no " + variable + "_VERSION");
        }
        return version.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

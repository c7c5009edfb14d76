package io.cairn.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The machine's PostgreSQL and barman-cloud for integration tests: checks they are installed (.ci/run installs
 * them), runs commands as the user postgres (PostgreSQL refuses root), and picks free loopback pod IPs.
 */
public final class LocalPostgres {

    public static final Path PG_BIN = Path.of("/usr/lib/postgresql/15/bin");

    private LocalPostgres() {}

    /** Fails with what to install when PostgreSQL 15 or barman-cloud is missing. */
    public static void requireInstalled() {
        if (!Files.isExecutable(PG_BIN.resolve("postgres"))) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (" + PG_BIN + "); .ci/run installs it: "
                    + "apt-get install -y postgresql-15");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/barman-cloud-wal-archive"))) {
            throw new IllegalStateException("barman-cloud is not installed; .ci/run installs it: "
                    + "apt-get install -y barman-cli-cloud python3-boto3");
        }
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * A process that runs {@code command} as postgres (through setpriv when we are root), from {@code /} as a
     * container's process starts: the checkout may be in a directory postgres cannot enter (a 0700 one), and psql
     * and postgres complain on stderr when they cannot return to their working directory.
     */
    public static ProcessBuilder asPostgres(List<String> command) {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
        }
        full.addAll(command);
        return new ProcessBuilder(full).directory(new File("/"));
    }

    /** A directory that the postgres user owns (when we are root) and may enter. */
    public static Path ownedDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            if (isRoot()) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                UserPrincipal postgres = users.lookupPrincipalByName("postgres");
                GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
                Files.setOwner(dir, postgres);
                Files.getFileAttributeView(dir, PosixFileAttributeView.class).setGroup(group);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file the postgres user can read and nobody else. */
    public static Path secretFile(Path file, String content) {
        try {
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            if (isRoot()) {
                Files.setOwner(
                        file,
                        file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback address 127.0.x.y (x in 100-199) on which ports 5432 and 8000 are free: a pod IP. */
    public static String freePodIp() {
        for (int attempt = 0; attempt < 50; attempt++) {
            String ip = "127.0." + ThreadLocalRandom.current().nextInt(100, 200) + "."
                    + ThreadLocalRandom.current().nextInt(2, 250);
            if (free(ip, 5432) && free(ip, 8000)) {
                return ip;
            }
        }
        throw new IllegalStateException("no free loopback address for a pod");
    }

    private static boolean free(String ip, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Runs SQL through psql over TCP on {@code host} (a pod IP) as {@code user} with {@code password}; returns its
     * unaligned output, or {@code "ERROR psql: "} and the output when it fails or outlasts {@code timeout}.
     */
    public static String psqlOverTcp(
            String host, String user, String password, String database, String sql, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(
                PG_BIN.resolve("psql").toString(),
                "-X",
                "-w",
                "-v",
                "ON_ERROR_STOP=1",
                "-At",
                "-h",
                host,
                "-p",
                "5432",
                "-U",
                user,
                "-d",
                database,
                "-c",
                sql);
        builder.environment().put("PGPASSWORD", password);
        builder.environment().put("PGCONNECT_TIMEOUT", "5");
        return outputOrError(builder, timeout);
    }

    /** Runs SQL through psql on an instance's Unix socket, as postgres; returns its unaligned output. */
    public static String psql(Path socketDir, String database, String sql) {
        List<String> command = List.of(
                PG_BIN.resolve("psql").toString(),
                "-X",
                "-w",
                "-v",
                "ON_ERROR_STOP=1",
                "-At",
                "-h",
                socketDir.toString(),
                "-U",
                "postgres",
                "-d",
                database,
                "-c",
                sql);
        String output = outputOrError(asPostgres(command), Duration.ofSeconds(60));
        if (output.startsWith("ERROR psql: ")) {
            throw new IllegalStateException("psql failed: " + output.substring("ERROR psql: ".length()));
        }
        return output;
    }

    private static String outputOrError(ProcessBuilder psql, Duration timeout) {
        try {
            Process process = psql.redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "ERROR psql: " + output;
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

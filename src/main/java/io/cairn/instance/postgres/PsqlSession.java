package io.cairn.instance.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One PostgreSQL session kept open: a psql process on the Unix socket fed query by query. Backup mode needs it:
 * {@code pg_backup_start} and {@code pg_backup_stop} must run in the same session, and the session ending aborts
 * the backup (the temporary replication slot goes with it). psql stops at the first error (ON_ERROR_STOP), which
 * {@link #query} reports with psql's message.
 */
public final class PsqlSession implements PostgresSession {

    private static final String END_MARKER = "__cairn_end_of_answer__";
    /** psql's end of output, in the queue of lines. */
    private static final String END_OF_OUTPUT = new String("end of output");
    /** A last resort: pg_backup_start waits for a checkpoint and pg_backup_stop for archiving, both bounded by PostgreSQL. */
    private static final Duration QUERY_TIMEOUT = Duration.ofHours(1);

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    private PsqlSession(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("psql-session-stdout", () -> {
            drain(process.getInputStream(), stdout::add);
            stdout.add(END_OF_OUTPUT);
        });
        daemon(
                "psql-session-stderr",
                () -> drain(process.getErrorStream(), line -> {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }));
    }

    /** Opens a session as the superuser postgres on the socket in {@code socketDirectory}. */
    public static PsqlSession open(PostgresBinaries binaries, Path socketDirectory, int port, String applicationName) {
        ProcessBuilder builder = new ProcessBuilder(
                binaries.tool("psql"),
                "-X",
                "-w",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                socketDirectory.toString(),
                "-p",
                Integer.toString(port),
                "-U",
                "postgres",
                "-d",
                "postgres");
        builder.environment().put("PGAPPNAME", applicationName);
        try {
            return new PsqlSession(builder.start());
        } catch (IOException e) {
            throw new PostgresClient.PostgresException("cannot start psql: " + e.getMessage());
        }
    }

    /** Runs one statement and returns its output lines (unaligned, tuples only). */
    @Override
    public synchronized List<String> query(String sql) {
        try {
            stdin.write(sql.strip());
            stdin.write(sql.strip().endsWith(";") ? "\n" : ";\n");
            stdin.write("\\echo " + END_MARKER + "\n");
            stdin.flush();
            List<String> lines = new ArrayList<>();
            long deadline = System.nanoTime() + QUERY_TIMEOUT.toNanos();
            for (String line = next(deadline); line != END_OF_OUTPUT; line = next(deadline)) {
                if (line == null) {
                    close();
                    throw new PostgresClient.PostgresException(
                            "no answer within " + QUERY_TIMEOUT.toMinutes() + " minutes: the session was closed");
                }
                if (line.equals(END_MARKER)) {
                    return lines;
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // psql exited: its message says why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new PostgresClient.PostgresException("interrupted: the session was closed");
        }
        throw new PostgresClient.PostgresException("the session ended: " + lastError());
    }

    private String lastError() {
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderr) {
            String text = stderr.toString().strip();
            return text.isEmpty() ? "psql exited" : text;
        }
    }

    /** The next line of output, {@link #END_OF_OUTPUT} once psql exited, null at the deadline. */
    private String next(long deadline) throws InterruptedException {
        return stdout.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void drain(InputStream stream, Consumer<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.accept(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Ends the session (and with it a backup still in progress). */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

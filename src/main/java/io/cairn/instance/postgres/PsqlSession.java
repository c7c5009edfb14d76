package io.cairn.instance.postgres;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One PostgreSQL session kept open: a psql process on the Unix socket fed query by query. Backup mode needs it:
 * {@code pg_backup_start} and {@code pg_backup_stop} must run in the same session, and the session ending aborts
 * the backup (the temporary replication slot goes with it). psql stops at the first error (ON_ERROR_STOP), which
 * {@link #query} reports with psql's message.
 */
public final class PsqlSession implements PostgresSession {

    private static final String END_MARKER = "__cairn_end_of_answer__";

    private final Process process;
    private final Writer stdin;
    private final BufferedReader stdout;
    private final StringBuilder stderr = new StringBuilder();

    private PsqlSession(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread errors = new Thread(() -> drain(process.getErrorStream()), "psql-session-stderr");
        errors.setDaemon(true);
        errors.start();
    }

    /** Opens a session as the superuser postgres on the socket in {@code socketDirectory}. */
    public static PsqlSession open(PostgresBinaries binaries, Path socketDirectory, int port, String applicationName) {
        ProcessBuilder builder = new ProcessBuilder(binaries.tool("psql"), "-X", "-w", "-q", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-h", socketDirectory.toString(), "-p", Integer.toString(port),
                "-U", "postgres", "-d", "postgres");
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
            for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                if (line.equals(END_MARKER)) {
                    return lines;
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // psql exited: its message says why
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

    private void drain(InputStream errors) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(errors, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
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

package io.cairn.instance.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.api.InstanceError;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.api.InstancePaths;
import io.cairn.instance.api.WalSwitchRequest;
import io.cairn.instance.backup.BackupJobs;
import io.cairn.instance.postgres.PostgresClient;
import io.cairn.instance.postgres.WalSwitcher;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The backup part of the instance API ({@link io.cairn.instance.api}): {@code POST /pg/backups},
 * {@code GET /pg/backups/<name>}, {@code DELETE /pg/backups/<name>} (cancel), {@code POST /pg/wal-switch} and
 * {@code PUT /pg/backup-times}. Errors are JSON {@code {"code": ..., "message": ...}}.
 */
public final class BackupEndpoints {

    private static final Logger LOG = Logger.getLogger(BackupEndpoints.class);
    private static final int MAX_BODY_BYTES = 1 << 20;

    private final BackupJobs jobs;
    private final WalSwitcher walSwitcher;
    private final AtomicReference<BackupTimes> backupTimes;

    public BackupEndpoints(BackupJobs jobs, WalSwitcher walSwitcher, AtomicReference<BackupTimes> backupTimes) {
        this.jobs = jobs;
        this.walSwitcher = walSwitcher;
        this.backupTimes = backupTimes;
    }

    void register(HttpServer server) {
        server.createContext(InstancePaths.BACKUPS, exchange -> guarded(exchange, this::backups));
        server.createContext(InstancePaths.WAL_SWITCH, exchange -> guarded(exchange, this::walSwitch));
        server.createContext(InstancePaths.BACKUP_TIMES, exchange -> guarded(exchange, this::backupTimes));
    }

    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    static void guarded(HttpExchange exchange, Handler handler) throws IOException {
        try {
            handler.handle(exchange);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s %s failed", exchange.getRequestMethod(), exchange.getRequestURI());
            error(exchange, 500, "INTERNAL_ERROR", "internal error: " + e.getMessage());
        }
    }

    private void backups(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals(InstancePaths.BACKUPS)) {
            if (!method(exchange, "POST")) {
                return;
            }
            BackupRequest request = body(exchange, BackupRequest.class);
            if (request == null) {
                return;
            }
            BackupJobs.Submission submission = jobs.submit(request);
            switch (submission.outcome()) {
                case STARTED -> json(exchange, 202, submission.job());
                case EXISTING -> json(exchange, 200, submission.job());
                case CONFLICT -> {
                    ObjectNode body = InstanceJson.MAPPER.valueToTree(
                            new InstanceError(InstanceError.ANOTHER_BACKUP_IN_PROGRESS, submission.message()));
                    body.put(
                            "runningBackupName",
                            submission.job() == null ? null : submission.job().backupName());
                    json(exchange, 409, body);
                }
                case INVALID -> error(exchange, 400, "INVALID_REQUEST", submission.message());
            }
            return;
        }
        String name =
                path.startsWith(InstancePaths.BACKUPS + "/") ? path.substring(InstancePaths.BACKUPS.length() + 1) : "";
        if (name.isEmpty() || name.contains("/")) {
            error(exchange, 404, "NOT_FOUND", "not found");
            return;
        }
        boolean cancel = "DELETE".equals(exchange.getRequestMethod());
        if (!cancel && !method(exchange, "GET")) {
            return;
        }
        var job = cancel ? jobs.cancel(name) : jobs.get(name);
        if (job.isEmpty()) {
            error(exchange, 404, "BACKUP_NOT_FOUND", "no backup " + name + " in this instance manager session");
            return;
        }
        json(exchange, 200, job.get());
    }

    private void walSwitch(HttpExchange exchange) throws IOException {
        if (!exact(exchange, InstancePaths.WAL_SWITCH) || !method(exchange, "POST")) {
            return;
        }
        WalSwitchRequest request = body(exchange, WalSwitchRequest.class);
        if (request == null) {
            return;
        }
        try {
            json(exchange, 200, walSwitcher.switchWal(request.checkpoint()));
        } catch (WalSwitcher.NotPrimaryException e) {
            error(exchange, 409, "NOT_PRIMARY", e.getMessage());
        } catch (PostgresClient.PostgresException e) {
            error(exchange, 503, "POSTGRES_UNAVAILABLE", e.getMessage());
        }
    }

    private void backupTimes(HttpExchange exchange) throws IOException {
        if (!exact(exchange, InstancePaths.BACKUP_TIMES) || !method(exchange, "PUT")) {
            return;
        }
        BackupTimes times = body(exchange, BackupTimes.class);
        if (times == null) {
            return;
        }
        backupTimes.set(times);
        InstanceHttpServer.respond(exchange, 204, null, null);
    }

    static boolean exact(HttpExchange exchange, String path) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            error(exchange, 404, "NOT_FOUND", "not found");
            return false;
        }
        return true;
    }

    static boolean method(HttpExchange exchange, String method) throws IOException {
        if (!method.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", method);
            error(exchange, 405, "METHOD_NOT_ALLOWED", method + " only");
            return false;
        }
        return true;
    }

    /** The request body as {@code type}, or null after answering 400. */
    static <T> T body(HttpExchange exchange, Class<T> type) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES);
            T value = bytes.length == 0 ? null : InstanceJson.MAPPER.readValue(bytes, type);
            if (value == null) {
                error(exchange, 400, "INVALID_REQUEST", "the body must be a JSON " + type.getSimpleName());
            }
            return value;
        } catch (JsonProcessingException e) {
            error(exchange, 400, "INVALID_REQUEST", "not a " + type.getSimpleName() + ": " + e.getOriginalMessage());
            return null;
        }
    }

    static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, new InstanceError(code, message));
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        InstanceHttpServer.respond(
                exchange,
                status,
                "application/json",
                InstanceJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n");
    }
}

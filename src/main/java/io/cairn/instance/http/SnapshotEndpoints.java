package io.cairn.instance.http;

import static io.cairn.instance.http.BackupEndpoints.body;
import static io.cairn.instance.http.BackupEndpoints.error;
import static io.cairn.instance.http.BackupEndpoints.exact;
import static io.cairn.instance.http.BackupEndpoints.guarded;
import static io.cairn.instance.http.BackupEndpoints.json;
import static io.cairn.instance.http.BackupEndpoints.method;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cairn.instance.api.BackupModeStart;
import io.cairn.instance.api.BackupModeStop;
import io.cairn.instance.api.ControlData;
import io.cairn.instance.api.Fencing;
import io.cairn.instance.api.InstancePaths;
import io.cairn.instance.backup.BackupModeSession;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * The part of the instance API that volume snapshot backups use ({@link io.cairn.instance.api}): backup mode
 * ({@code GET}/{@code POST}/{@code PUT}/{@code DELETE /pg/backup-mode}), fencing ({@code PUT /pg/fencing}) and
 * {@code GET /pg/controldata}.
 */
public final class SnapshotEndpoints {

    /** Fences the instance or lifts its fence, and says where it is. */
    public interface FencingControl {
        Fencing.State apply(boolean fenced);
    }

    private final BackupModeSession backupMode;
    private final FencingControl fencing;
    private final Supplier<ControlData> controlData;

    public SnapshotEndpoints(BackupModeSession backupMode, FencingControl fencing, Supplier<ControlData> controlData) {
        this.backupMode = backupMode;
        this.fencing = fencing;
        this.controlData = controlData;
    }

    void register(HttpServer server) {
        server.createContext(InstancePaths.BACKUP_MODE, exchange -> guarded(exchange, this::backupMode));
        server.createContext(InstancePaths.FENCING, exchange -> guarded(exchange, this::fencing));
        server.createContext(InstancePaths.CONTROLDATA, exchange -> guarded(exchange, this::controlData));
    }

    private void backupMode(HttpExchange exchange) throws IOException {
        if (!exact(exchange, InstancePaths.BACKUP_MODE)) {
            return;
        }
        switch (exchange.getRequestMethod()) {
            case "GET" -> json(exchange, 200, backupMode.current());
            case "POST" -> {
                BackupModeStart start = body(exchange, BackupModeStart.class);
                if (start != null) {
                    json(exchange, 202, backupMode.start(start));
                }
            }
            case "PUT" -> {
                BackupModeStop stop = body(exchange, BackupModeStop.class);
                if (stop == null) {
                    return;
                }
                try {
                    json(exchange, 200, backupMode.stop(stop.backupName()));
                } catch (BackupModeSession.Refused refused) {
                    error(
                            exchange,
                            refused.refusal() == BackupModeSession.Refusal.NO_ONGOING_BACKUP ? 400 : 422,
                            refused.refusal().name(),
                            refused.getMessage());
                }
            }
            case "DELETE" -> {
                BackupModeStop abandoned = body(exchange, BackupModeStop.class);
                if (abandoned != null) {
                    json(exchange, 200, backupMode.abort(abandoned.backupName()));
                }
            }
            default -> {
                exchange.getResponseHeaders().set("Allow", "GET, POST, PUT, DELETE");
                error(exchange, 405, "METHOD_NOT_ALLOWED", "GET, POST, PUT or DELETE only");
            }
        }
    }

    private void fencing(HttpExchange exchange) throws IOException {
        if (!exact(exchange, InstancePaths.FENCING) || !method(exchange, "PUT")) {
            return;
        }
        Fencing request = body(exchange, Fencing.class);
        if (request != null) {
            json(exchange, 200, fencing.apply(request.fenced()));
        }
    }

    private void controlData(HttpExchange exchange) throws IOException {
        if (!exact(exchange, InstancePaths.CONTROLDATA) || !method(exchange, "GET")) {
            return;
        }
        json(exchange, 200, controlData.get());
    }
}

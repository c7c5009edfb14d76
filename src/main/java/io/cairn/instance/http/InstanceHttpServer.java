package io.cairn.instance.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.cairn.instance.api.ArchiveReport;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.api.InstancePaths;
import io.cairn.instance.archive.ArchiveResultLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * The instance API on {@code POD_IP:8000}, served by the JDK's HTTP server (only this role needs it, and it keeps the
 * operator's Quarkus HTTP server out of the pod).
 *
 * <p>HTTPS with the certificate the operator issued (the {@code <cluster>-server} Secret in {@code CAIRN_TLS_DIR}),
 * as CloudNativePG serves 8000; plain HTTP only without it (the local runtime's tests of the instance alone). Kubelet
 * probes {@code /healthz} and {@code /readyz} with scheme HTTPS, which does not verify certificates.
 */
public final class InstanceHttpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InstanceHttpServer.class);
    private static final long MAX_REPORT_BYTES = 1 << 20;

    private final HttpServer server;
    private final ExecutorService executor;

    private InstanceHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param reportToken the bearer token {@code POST /pg/archive-result} must carry (given to PostgreSQL's
     *     environment, so only its archive_command knows it)
     */
    public static InstanceHttpServer start(
            InetSocketAddress address,
            StatusService status,
            InstanceMetrics metrics,
            ArchiveResultLog archiveResults,
            String reportToken,
            BackupEndpoints backups) {
        return start(
                address, Optional.empty(), status, metrics, archiveResults, reportToken, backups, Optional.empty());
    }

    /**
     * @param tls the server's certificate and key: HTTPS; empty: plain HTTP (local runtime only)
     * @param snapshots the endpoints of volume snapshot backups, when this instance serves them
     */
    public static InstanceHttpServer start(
            InetSocketAddress address,
            Optional<SSLContext> tls,
            StatusService status,
            InstanceMetrics metrics,
            ArchiveResultLog archiveResults,
            String reportToken,
            BackupEndpoints backups,
            Optional<SnapshotEndpoints> snapshots) {
        HttpServer server;
        try {
            if (tls.isPresent()) {
                HttpsServer https = HttpsServer.create(address, 16);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
                server = https;
            } else {
                server = HttpServer.create(address, 16);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain", "not found\n"));
        server.createContext(InstancePaths.HEALTHZ, get(exchange -> respond(exchange, 200, "text/plain", "ok\n")));
        server.createContext(InstancePaths.READYZ, get(exchange -> {
            if (status.ready()) {
                respond(exchange, 200, "text/plain", "ready\n");
            } else {
                respond(exchange, 503, "text/plain", "PostgreSQL does not accept connections\n");
            }
        }));
        server.createContext(
                InstancePaths.STATUS,
                get(exchange -> respond(
                        exchange,
                        200,
                        "application/json",
                        InstanceJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(status.status())
                                + "\n")));
        server.createContext(
                InstancePaths.METRICS,
                get(exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())));
        server.createContext(InstancePaths.ARCHIVE_RESULT, exchange -> {
            if (!exact(exchange, InstancePaths.ARCHIVE_RESULT)) {
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "text/plain", "POST only\n");
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null
                    || !MessageDigest.isEqual(
                            ("Bearer " + reportToken).getBytes(StandardCharsets.UTF_8),
                            authorization.getBytes(StandardCharsets.UTF_8))) {
                respond(exchange, 401, "text/plain", "only this instance's archive_command may report\n");
                return;
            }
            ArchiveReport report;
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = body.readNBytes((int) MAX_REPORT_BYTES);
                report = InstanceJson.MAPPER.readValue(bytes, ArchiveReport.class);
            } catch (JsonProcessingException e) {
                respond(exchange, 400, "text/plain", "not an archive report: " + e.getOriginalMessage() + "\n");
                return;
            }
            if (report == null || report.results() == null || report.results().isEmpty()) {
                respond(exchange, 400, "text/plain", "no results\n");
                return;
            }
            archiveResults.record(report.results());
            respond(exchange, 204, null, null);
        });
        backups.register(server);
        snapshots.ifPresent(endpoints -> endpoints.register(server));
        ExecutorService executor = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "instance-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        LOG.infof(
                "instance API listening on %s://%s:%d",
                tls.isPresent() ? "https" : "http",
                address.getHostString(),
                server.getAddress().getPort());
        return new InstanceHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** A GET-only handler for exactly the context's path. */
    private static HttpHandler get(Handler handler) {
        return exchange -> {
            try {
                if (!exact(exchange, exchange.getHttpContext().getPath())) {
                    return;
                }
                if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    respond(exchange, 405, "text/plain", "GET only\n");
                    return;
                }
                handler.handle(exchange);
            } catch (RuntimeException e) {
                LOG.errorf(e, "%s failed", exchange.getRequestURI());
                respond(exchange, 500, "text/plain", "internal error: " + e.getMessage() + "\n");
            }
        };
    }

    private static boolean exact(HttpExchange exchange, String path) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(path)) {
            respond(exchange, 404, "text/plain", "not found\n");
            return false;
        }
        return true;
    }

    static void respond(HttpExchange exchange, int code, String contentType, String body) throws IOException {
        try (exchange) {
            if (body == null) {
                exchange.sendResponseHeaders(code, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}

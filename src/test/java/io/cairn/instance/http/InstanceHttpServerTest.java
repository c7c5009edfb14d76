package io.cairn.instance.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.instance.archive.ArchiveResultLog;
import io.cairn.instance.archive.ArchiveStatusDirectory;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.postgres.PostgresBinaries;
import io.cairn.instance.postgres.PostgresClient;
import io.cairn.instance.postgres.PostgresSupervisor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance API on an ephemeral port, with PostgreSQL down (a fake that refuses connections). */
class InstanceHttpServerTest {

    private static final String REPORT = """
            {"results": [{"walName": "000000010000000000000004", "success": false, "message": "403 Forbidden",
              "startedAt": "2026-11-25T12:00:00Z", "finishedAt": "2026-11-25T12:00:01Z", "requested": true}]}""";

    @TempDir
    Path pgData;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ArchiveResultLog results = new ArchiveResultLog();
    private InstanceHttpServer server;

    @BeforeEach
    void start() {
        InstanceEnvironment env = InstanceEnvironment.from(Map.of("POD_NAME", "c-1", "POD_IP", "127.0.0.1",
                "NAMESPACE", "default", "CLUSTER_NAME", "c", "PGDATA", pgData.toString(),
                "CAIRN_INSTANCE_CONFIG", "/unused"));
        PostgresClient down = new PostgresClient() {
            @Override
            public boolean acceptsConnections() {
                return false;
            }

            @Override
            public String queryValue(String sql) {
                throw new PostgresException("down");
            }

            @Override
            public void execute(String script) {
                throw new PostgresException("down");
            }
        };
        PostgresSupervisor supervisor = new PostgresSupervisor(new PostgresBinaries(Optional.empty()), pgData,
                Map.of());
        server = InstanceHttpServer.start(new InetSocketAddress("127.0.0.1", 0),
                new StatusService(env, down, supervisor, results, () -> true),
                new InstanceMetrics(down, new ArchiveStatusDirectory(pgData.resolve("pg_wal/archive_status")),
                        results, supervisor, () -> ""),
                results, "the-token");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void livenessWithoutPostgresButNotReadiness() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
        HttpResponse<String> status = get("/pg/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"ready\" : false", "\"role\" : \"primary\"",
                "\"error\" : \"PostgreSQL does not accept connections (yet)\"");
        assertThat(get("/metrics").body()).contains("cnpg_collector_up 0");
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
        assertThat(get("/healthz/more").statusCode()).isEqualTo(404);
    }

    @Test
    void archiveResultsNeedTheToken() throws Exception {
        assertThat(post(REPORT, null).statusCode()).isEqualTo(401);
        assertThat(post(REPORT, "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(results.last()).isNull();

        assertThat(post(REPORT, "Bearer the-token").statusCode()).isEqualTo(204);
        assertThat(results.last().walName()).isEqualTo("000000010000000000000004");
        assertThat(get("/pg/status").body()).contains("\"message\" : \"403 Forbidden\"");
        assertThat(post("{\"results\": []}", "Bearer the-token").statusCode()).isEqualTo(400);
        assertThat(post("not json", "Bearer the-token").statusCode()).isEqualTo(400);
        HttpResponse<String> get = get("/pg/archive-result");
        assertThat(get.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/pg/archive-result"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}

package io.cairn.instance.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.archive.ArchiveResultLog;
import io.cairn.instance.archive.ArchiveStatusDirectory;
import io.cairn.instance.backup.BackupJobs;
import io.cairn.instance.backup.FakeBarman;
import io.cairn.instance.barman.BarmanCapabilities;
import io.cairn.instance.config.InstanceEnvironment;
import io.cairn.instance.postgres.PostgresBinaries;
import io.cairn.instance.postgres.PostgresClient;
import io.cairn.instance.postgres.PostgresSupervisor;
import io.cairn.instance.postgres.WalSwitcher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance API on an ephemeral port, with PostgreSQL down (a fake that refuses connections). */
class InstanceHttpServerTest {

    private static final String REPORT = """
            {"results": [{"walName": "000000010000000000000004", "success": false, "message": "403 Forbidden",
              "startedAt": "2026-11-25T12:00:00Z", "finishedAt": "2026-11-25T12:00:01Z", "requested": true}]}""";

    private static final String BACKUP = """
            {"backupName": "nightly-1", "barmanName": "backup-20261125120000", "serverName": "c",
             "barmanObjectStore": {"destinationPath": "s3://b/p",
               "s3Credentials": {"accessKeyId": {"name": "s", "key": "a"},
                                 "secretAccessKey": {"name": "s", "key": "b"}}}}""";

    @TempDir
    Path pgData;

    @TempDir
    Path runDir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ArchiveResultLog results = new ArchiveResultLog();
    private InstanceHttpServer server;
    private final FakeBarman barman = new FakeBarman().holdBackup();
    private final AtomicReference<BackupTimes> times = new AtomicReference<>();
    private BackupJobs jobs;

    @BeforeEach
    void start() {
        InstanceEnvironment env = InstanceEnvironment.from(Map.of(
                "POD_NAME",
                "c-1",
                "POD_IP",
                "127.0.0.1",
                "NAMESPACE",
                "default",
                "CLUSTER_NAME",
                "c",
                "PGDATA",
                pgData.toString(),
                "CAIRN_INSTANCE_CONFIG",
                "/unused"));
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
        PostgresSupervisor supervisor =
                new PostgresSupervisor(new PostgresBinaries(Optional.empty()), pgData, Map.of());
        jobs = BackupJobs.create("session-1", barman, runDir, 5432, BarmanCapabilities.BARMAN_3_4, Clock.systemUTC());
        server = InstanceHttpServer.start(
                new InetSocketAddress("127.0.0.1", 0),
                new StatusService(env, down, supervisor, results, () -> true, "session-1"),
                new InstanceMetrics(
                        down,
                        new ArchiveStatusDirectory(pgData.resolve("pg_wal/archive_status")),
                        results,
                        supervisor,
                        () -> "",
                        times::get,
                        jobs::counts),
                results,
                "the-token",
                new BackupEndpoints(jobs, new WalSwitcher(down), times));
    }

    @AfterEach
    void stop() {
        barman.releaseBackup();
        jobs.close();
        server.close();
    }

    @Test
    void livenessWithoutPostgresButNotReadiness() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
        HttpResponse<String> status = get("/pg/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body())
                .contains(
                        "\"ready\" : false",
                        "\"role\" : \"primary\"",
                        "\"sessionId\" : \"session-1\"",
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

    @Test
    void backupsAreStartedOnceByNameAndOneAtATime() throws Exception {
        HttpResponse<String> started = send("POST", "/pg/backups", BACKUP);
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(started.body()).contains("\"phase\" : \"RUNNING\"", "\"sessionId\" : \"session-1\"");
        assertThat(barman.awaitBackupStarted()).isTrue();

        assertThat(send("POST", "/pg/backups", BACKUP).statusCode())
                .as("same name: the same job")
                .isEqualTo(200);
        HttpResponse<String> other = send("POST", "/pg/backups", BACKUP.replace("nightly-1", "nightly-2"));
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.body())
                .contains("\"code\" : \"ANOTHER_BACKUP_IN_PROGRESS\"", "\"runningBackupName\" : \"nightly-1\"");

        assertThat(get("/pg/backups/nightly-1").body()).contains("\"backupName\" : \"nightly-1\"");
        assertThat(get("/pg/backups/nightly-2").statusCode()).isEqualTo(404);
        assertThat(get("/pg/backups").statusCode()).isEqualTo(405);
        assertThat(send("PUT", "/pg/backups/nightly-1", "").statusCode()).isEqualTo(405);
        assertThat(get("/metrics").body()).contains("cairn_instance_backup_running 1");

        assertThat(send("DELETE", "/pg/backups/nightly-2", "").statusCode()).isEqualTo(404);
        HttpResponse<String> cancelled = send("DELETE", "/pg/backups/nightly-1", "");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(cancelled.body()).contains("\"backupName\" : \"nightly-1\"");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get("/pg/backups/nightly-1").body().contains("cancelled by the operator"));
    }

    @Test
    void badBackupRequestsAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> snappy = send(
                "POST",
                "/pg/backups",
                BACKUP.replace("\"destinationPath\"", "\"data\": {\"compression\": \"snappy\"}, \"destinationPath\""));
        assertThat(snappy.statusCode()).isEqualTo(400);
        assertThat(snappy.body()).contains("\"code\" : \"INVALID_REQUEST\"", "snappy");
        assertThat(send("POST", "/pg/backups", BACKUP.replace("\"c\"", "\"\"")).body())
                .contains("serverName is required");
        assertThat(send("POST", "/pg/backups", "not json").statusCode()).isEqualTo(400);
        assertThat(send(
                                "POST",
                                "/pg/backups",
                                BACKUP.replace("\"serverName\"", "\"retentionPolicy\": \"30 days\", \"serverName\""))
                        .body())
                .contains("retentionPolicy");
        assertThat(barman.calls()).isEmpty();
    }

    @Test
    void walSwitchNeedsPostgresAndBackupTimesAreKept() throws Exception {
        HttpResponse<String> walSwitch = send("POST", "/pg/wal-switch", "{\"checkpoint\": true}");
        assertThat(walSwitch.statusCode()).isEqualTo(503);
        assertThat(walSwitch.body()).contains("POSTGRES_UNAVAILABLE");
        assertThat(get("/pg/wal-switch").statusCode()).isEqualTo(405);

        assertThat(send("PUT", "/pg/backup-times", """
                {"firstRecoverabilityPoint": "2026-11-20T10:00:05Z", "lastSuccessfulBackup": null,
                 "lastFailedBackup": "2026-11-25T10:00:07Z"}""").statusCode()).isEqualTo(204);
        assertThat(times.get().lastFailedBackup()).isEqualTo(java.time.OffsetDateTime.parse("2026-11-25T10:00:07Z"));
        assertThat(send("POST", "/pg/backup-times", "{}").statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri("/pg/archive-result")).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}

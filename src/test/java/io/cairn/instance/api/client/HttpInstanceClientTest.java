package io.cairn.instance.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cairn.instance.api.BackupJob;
import io.cairn.instance.api.BackupRequest;
import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.api.InstanceError;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.api.InstancePorts;
import io.cairn.instance.api.InstanceStatus;
import io.cairn.instance.api.RecoveryFailure;
import io.cairn.instance.api.WalSwitchResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's client against a stand-in instance answering the committed contract (io.cairn.instance.api) on a
 * loopback address of its own, port 8000, over plain HTTP; the real server (HTTPS) is exercised by BarmanBackupIT,
 * its snapshot endpoints by SnapshotEndpointsTest.
 */
class HttpInstanceClientTest {

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private InstanceClient client;
    private String ip;
    private int backupTimesAnswer = 204;

    @BeforeEach
    void start() throws IOException {
        ip = "127.0.252." + ThreadLocalRandom.current().nextInt(2, 250);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ip), InstancePorts.API), 0);
        server.createContext("/pg/status", exchange -> respond(exchange, 200, """
                {"podName":"pg-2","role":"replica","ready":true,"receivedLsn":"0/5000060","replayedLsn":"0/5000000",
                 "archiver":{"archivedCount":3,"lastArchivedWal":"000000010000000000000004",
                 "lastArchivedTime":"2026-11-25T10:00:00Z","failedCount":1,"lastFailedWal":"000000010000000000000003",
                 "lastFailedTime":"2026-11-25T09:00:00Z"},
                 "lastArchiveFailure":{"walName":"000000010000000000000003","success":false,"message":"403 Forbidden"},
                 "sessionId":"s-42","somethingNew":1}"""));
        server.createContext("/pg/backups", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (exchange.getRequestURI().getPath().endsWith("/missing")) {
                respond(exchange, 404, "{\"message\":\"no backup missing in this session\"}");
            } else if (exchange.getRequestURI().getPath().endsWith("/busy")) {
                respond(exchange, 409, "{\"code\":\"ANOTHER_BACKUP_IN_PROGRESS\",\"message\":\"backup b1 runs\"}");
            } else {
                respond(
                        exchange,
                        202,
                        InstanceJson.MAPPER.writeValueAsString(new BackupJob(
                                "b",
                                "s-42",
                                BackupJob.Phase.RUNNING,
                                "backup-20261125100000",
                                OffsetDateTime.parse("2026-11-25T10:00:01Z"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null)));
            }
        });
        server.createContext("/pg/wal-switch", exchange -> {
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(
                    exchange,
                    200,
                    "{\"lsn\":\"0/6000000\",\"walFile\":\"000000010000000000000005\",\"switched\":true}");
        });
        server.createContext("/pg/backup-times", exchange -> {
            requests.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(backupTimesAnswer, -1);
            exchange.close();
        });
        server.start();
        client = InstanceClient.over(
                new InstanceCalls(InstanceEndpoints.plain(Duration.ofSeconds(2)), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theStatusCarriesTheSessionTheLsnsAndTheArchiver() {
        InstanceReply<InstanceStatus> reply = client.status(ip);

        assertThat(reply.succeeded()).isTrue();
        InstanceStatus state = reply.value();
        assertThat(state.sessionId()).isEqualTo("s-42");
        assertThat(state.replica()).isTrue();
        assertThat(state.receivedLsn()).isEqualTo("0/5000060");
        assertThat(state.archiver().working()).isTrue();
        assertThat(state.archiver().lastArchivedWal()).isEqualTo("000000010000000000000004");
        assertThat(state.lastArchiveFailure().message()).isEqualTo("403 Forbidden");
        assertThat(state.recoveryFailure()).isNull();
    }

    @Test
    void startingPostsTheRequestAndReadsTheJob() {
        InstanceReply<BackupJob> reply =
                client.startBackup(ip, new BackupRequest("b", "backup-20261125100000", null, "pg", "30d"));

        assertThat(reply.value().phase()).isEqualTo(BackupJob.Phase.RUNNING);
        assertThat(reply.httpStatus()).isEqualTo(202);
        assertThat(requests)
                .singleElement()
                .asString()
                .startsWith("POST /pg/backups {")
                .contains("\"barmanName\":\"backup-20261125100000\"", "\"retentionPolicy\":\"30d\"");
    }

    @Test
    void refusalsKeepTheirStatusCodeAndMessage() {
        assertThat(client.backupJob(ip, "missing")).satisfies(r -> {
            assertThat(r.notFound()).isTrue();
            assertThat(r.error()).contains("no backup missing in this session");
        });
        assertThat(client.backupJob(ip, "busy")).satisfies(r -> {
            assertThat(r.httpStatus()).isEqualTo(409);
            assertThat(r.code()).isEqualTo(InstanceError.ANOTHER_BACKUP_IN_PROGRESS);
        });
    }

    @Test
    void aWalSwitchAsksForTheCheckpoint() {
        InstanceReply<WalSwitchResult> reply = client.walSwitch(ip, true);

        assertThat(reply.value().walFile()).isEqualTo("000000010000000000000005");
        assertThat(requests).containsExactly("{\"checkpoint\":true}");
    }

    @Test
    void anInstanceThatIsDownIsUnreachableNotAnException() {
        server.stop(0);

        InstanceReply<InstanceStatus> reply = client.status(ip);

        assertThat(reply.unreachable()).isTrue();
        assertThat(reply.error()).contains("cannot reach http://" + ip + ":8000/pg/status");
    }

    @Test
    void aRecoveryThatCannotSucceedIsTypedInTheStatus() throws IOException {
        InstanceStatus failed = new InstanceStatus(
                "pg-1",
                "pg",
                "ns",
                "primary",
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "Recovery failed: no backup b7",
                "s-1",
                new RecoveryFailure("no backup b7"));
        server.removeContext("/pg/status");
        server.createContext(
                "/pg/status", exchange -> respond(exchange, 200, InstanceJson.MAPPER.writeValueAsString(failed)));

        assertThat(client.status(ip).value()).isEqualTo(failed);
        assertThat(failed.recoveryFailure().message()).isEqualTo(failed.error());
    }

    @Test
    void backupTimesArePutAsTheInstanceApiJson() throws IOException {
        BackupTimes times = new BackupTimes(
                OffsetDateTime.parse("2026-11-25T10:00:00Z"), null, OffsetDateTime.parse("2026-11-25T12:00:00Z"));

        assertThat(client.putBackupTimes(ip, times).succeeded()).isTrue();

        assertThat(requests).singleElement().asString().startsWith("PUT application/json {");
        String body = requests.get(0).substring(requests.get(0).indexOf('{'));
        assertThat(InstanceJson.MAPPER.readValue(body, BackupTimes.class)).isEqualTo(times);
    }

    @Test
    void backupTimesAnInstanceRefusesOrCannotTakeAreReportedNotThrown() {
        backupTimesAnswer = 404;
        assertThat(client.putBackupTimes(ip, new BackupTimes(null, null, null)).error())
                .contains("404");
        server.stop(0);
        assertThat(client.putBackupTimes(ip, new BackupTimes(null, null, null)).error())
                .startsWith("cannot reach");
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int code, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}

package io.cairn.instance.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.cairn.instance.api.BackupMode;
import io.cairn.instance.api.BackupModeStart;
import io.cairn.instance.api.BackupModeStop;
import io.cairn.instance.api.ControlData;
import io.cairn.instance.api.Fencing;
import io.cairn.instance.api.InstancePorts;
import io.cairn.instance.api.client.InstanceCalls;
import io.cairn.instance.api.client.InstanceClient;
import io.cairn.instance.api.client.InstanceEndpoints;
import io.cairn.instance.api.client.InstanceReply;
import io.cairn.instance.backup.BackupModeSession;
import io.cairn.instance.postgres.PostgresSession;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's typed client ({@link InstanceClient}) against the instance's real snapshot endpoints, on a
 * loopback address of their own, port 8000, over plain HTTP, with PostgreSQL played by a fake session.
 */
class SnapshotEndpointsTest {

    private final AtomicBoolean fenced = new AtomicBoolean();
    private final BackupModeSession backupMode = new BackupModeSession("s1", () -> new PostgresSession() {
        @Override
        public List<String> query(String sql) {
            if (sql.contains("server_version_num")) {
                return List.of("160004");
            }
            if (sql.contains("pg_backup_stop")) {
                return List.of("{\"lsn\":\"0/3000100\",\"labelFile\":\"label\",\"spcmapFile\":\"\"}");
            }
            return List.of("0/3000028");
        }

        @Override
        public void close() {}
    });
    private HttpServer server;
    private InstanceClient api;
    private String ip;

    @BeforeEach
    void start() throws IOException {
        ip = "127.0.251." + ThreadLocalRandom.current().nextInt(2, 250);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(ip), InstancePorts.API), 0);
        new SnapshotEndpoints(
                        backupMode,
                        wanted -> {
                            fenced.set(wanted);
                            return new Fencing.State(wanted, !wanted);
                        },
                        () -> new ControlData("Latest checkpoint's REDO WAL file:    000000010000000000000003\n"))
                .register(server);
        server.start();
        api = InstanceClient.over(
                new InstanceCalls(InstanceEndpoints.plain(Duration.ofSeconds(2)), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        backupMode.close();
    }

    @Test
    void backupModeStartsAndStopsThroughTheTypedClient() {
        assertThat(api.backupMode(ip).value().phase()).as("none yet").isNull();

        assertThat(api.startBackupMode(ip, new BackupModeStart("b", false, true))
                        .value()
                        .phase())
                .isEqualTo(BackupMode.Phase.STARTING);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.backupMode(ip).value().phase() == BackupMode.Phase.STARTED);
        assertThat(api.stopBackupMode(ip, new BackupModeStop("b")).value().phase())
                .isIn(BackupMode.Phase.CLOSING, BackupMode.Phase.COMPLETED);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.backupMode(ip).value().phase() == BackupMode.Phase.COMPLETED);

        BackupMode completed = api.backupMode(ip).value();
        assertThat(completed.beginLSN()).isEqualTo("0/3000028");
        assertThat(completed.endLSN()).isEqualTo("0/3000100");
        assertThat(completed.backupLabelFile()).isEqualTo("bGFiZWw=");
    }

    @Test
    void stoppingAnotherBackupIsRefusedWithItsCode() {
        InstanceReply<BackupMode> none = api.stopBackupMode(ip, new BackupModeStop("b"));
        assertThat(none.httpStatus()).isEqualTo(400);
        assertThat(none.code()).isEqualTo("NO_ONGOING_BACKUP");

        api.startBackupMode(ip, new BackupModeStart("b", false, true));
        InstanceReply<BackupMode> other = api.stopBackupMode(ip, new BackupModeStop("other"));
        assertThat(other.httpStatus()).isEqualTo(422);
        assertThat(other.code()).isEqualTo("NOT_CURRENT_RUNNING_BACKUP");
    }

    @Test
    void fencingAndControlData() {
        InstanceReply<Fencing.State> fence = api.fencing(ip, new Fencing(true));

        assertThat(fence.value()).isEqualTo(new Fencing.State(true, false));
        assertThat(fenced).isTrue();
        assertThat(api.fencing(ip, new Fencing(false)).value().postgresRunning())
                .isTrue();
        assertThat(api.controlData(ip).value().value(ControlData.REDO_WAL_FILE)).contains("000000010000000000000003");
    }
}

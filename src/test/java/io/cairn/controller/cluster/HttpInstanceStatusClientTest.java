package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cairn.instance.api.BackupTimes;
import io.cairn.instance.api.InstanceJson;
import io.cairn.instance.api.InstancePorts;
import io.cairn.instance.api.client.InstanceEndpoints;
import java.io.IOException;
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

/** The client against a small fake instance API on a loopback address of its own, port 8000. */
class HttpInstanceStatusClientTest {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String ip;
    private int answer = 204;

    @BeforeEach
    void startFakeInstance() throws IOException {
        ip = "127.0.251." + ThreadLocalRandom.current().nextInt(2, 250);
        server = HttpServer.create(new InetSocketAddress(ip, InstancePorts.API), 0);
        server.createContext("/pg/backup-times", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static HttpInstanceStatusClient client() {
        return new HttpInstanceStatusClient(new ClusterResourcesTest().settings(Duration.ofSeconds(2)),
                InstanceEndpoints.plain(Duration.ofSeconds(2)));
    }

    @Test
    void backupTimesArePutAsTheInstanceApiJson() throws IOException {
        BackupTimes times = new BackupTimes(OffsetDateTime.parse("2026-11-25T10:00:00Z"), null,
                OffsetDateTime.parse("2026-11-25T12:00:00Z"));

        assertThat(client().putBackupTimes(ip, times)).isNull();

        assertThat(received).singleElement().asString().startsWith("PUT application/json {");
        String body = received.get(0).substring(received.get(0).indexOf('{'));
        assertThat(InstanceJson.MAPPER.readValue(body, BackupTimes.class)).isEqualTo(times);
    }

    @Test
    void anInstanceThatRefusesOrCannotBeReachedIsReportedNotThrown() {
        answer = 404;
        assertThat(client().putBackupTimes(ip, new BackupTimes(null, null, null))).contains("404");
        server.stop(0);
        assertThat(client().putBackupTimes(ip, new BackupTimes(null, null, null))).startsWith("cannot reach");
    }
}

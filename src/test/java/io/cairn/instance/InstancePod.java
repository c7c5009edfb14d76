package io.cairn.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.testing.InstanceProcess;
import io.cairn.testing.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance manager run on this machine as a pod runs it, for the instance-level ITs: a fixed name, address,
 * directory and JSON configuration, the pod's environment, and the process currently running (restarts replace it).
 */
final class InstancePod {

    static final Duration STARTUP = Duration.ofSeconds(120);
    static final Duration BACKUP = Duration.ofSeconds(180);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final String ip;
    final Path dir;
    final Path config;
    private final String clusterName;
    InstanceProcess process;

    private InstancePod(String name, String clusterName, Path dir, Path config) {
        this.name = name;
        this.clusterName = clusterName;
        this.ip = LocalPostgres.freePodIp();
        this.dir = dir;
        this.config = config;
    }

    /**
     * A pod of {@code clusterName} in {@code parent/<dir>} (owned by postgres) whose configuration is {@code json};
     * {@code %s} in it is replaced by the path of the replication password file, written here.
     */
    static InstancePod create(String name, String clusterName, Path dir, String json) throws IOException {
        LocalPostgres.ownedDirectory(dir);
        Path password = LocalPostgres.secretFile(dir.resolve("replication-password"), "repl-secret");
        Path config = dir.resolve("instance.json");
        Files.writeString(config, json.replace("%s", password.toString()));
        return new InstancePod(name, clusterName, dir, config);
    }

    Path runDir() {
        return dir.resolve("run");
    }

    /**
     * Starts the instance manager with the pod's variables and {@code credentials} (what the Cluster's Secrets give
     * a pod), adds it to {@code processes}, and waits until it is ready.
     */
    void start(Map<String, String> credentials, List<InstanceProcess> processes) {
        Map<String, String> env = new HashMap<>(credentials);
        env.put("POD_NAME", name);
        env.put("POD_IP", ip);
        env.put("NAMESPACE", "default");
        env.put("CLUSTER_NAME", clusterName);
        env.put("PGDATA", dir.resolve("pgdata").toString());
        env.put("CAIRN_RUN_DIR", runDir().toString());
        env.put("CAIRN_INSTANCE_CONFIG", config.toString());
        if (LocalPostgres.isRoot()) {
            env.put("HOME", "/var/lib/postgresql");
        }
        process = InstanceProcess.start(env, dir.resolve("instance.log"));
        processes.add(process);
        await().atMost(STARTUP).until(() -> process.statusCode("/readyz") == 200);
    }

    HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + ip + ":8000" + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The backup job once it is no longer RUNNING. */
    JsonNode finishedJob(String backupName) {
        await().atMost(BACKUP)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !json(send("GET", "/pg/backups/" + backupName, null))
                        .path("phase")
                        .asText()
                        .equals("RUNNING"));
        HttpResponse<String> response = send("GET", "/pg/backups/" + backupName, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    static List<String> catalogIds(JsonNode job) {
        List<String> ids = new ArrayList<>();
        job.path("catalog").forEach(backup -> ids.add(backup.path("backupId").asText()));
        return ids;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

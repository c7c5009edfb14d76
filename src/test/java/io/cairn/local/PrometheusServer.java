package io.cairn.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus on 127.0.0.1 (built from the Go module proxy by local/kube-binaries.sh), configured by
 * {@code local/prometheus/prometheus.yml} as the demo configures it: the operator at {@code operatorTarget}, every
 * instance pod found through the local API server, Cairn's alert rules loaded. Data under {@code workDir}.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final Path CONFIG_TEMPLATE = Path.of("local", "prometheus", "prometheus.yml");
    private static final Path RULES = Path.of("helm", "cairn", "files", "prometheus-rules.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ServerProcess process;

    private PrometheusServer(int port) {
        this.port = port;
    }

    public static PrometheusServer start(Path binary, Path workDir, Path kubeconfig, String operatorTarget) {
        PrometheusServer server = new PrometheusServer(FreePort.pick());
        try {
            Files.createDirectories(workDir);
            Path targets = workDir.resolve("operator-targets.json");
            Files.writeString(targets, "[{\"targets\": [\"" + operatorTarget + "\"]}]\n");
            Path config = workDir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    Files.readString(CONFIG_TEMPLATE)
                            .replace("@RULES@", RULES.toAbsolutePath().toString())
                            .replace("@OPERATOR_TARGETS@", targets.toString())
                            .replace("@KUBECONFIG@", kubeconfig.toAbsolutePath().toString()));
            server.process = ServerProcess.start(
                    "prometheus",
                    List.of(
                            binary.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + workDir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + server.port,
                            "--log.level=warn"),
                    Map.of(),
                    workDir.resolve("prometheus.log"),
                    server.http,
                    server.uri("/-/ready"));
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The result of an instant query: {@code data.result}, an array of series (empty when none matched). */
    public JsonNode query(String promql) {
        JsonNode data = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return data.path("result");
    }

    /** Every active target of {@code /api/v1/targets}. */
    public JsonNode activeTargets() {
        return get("/api/v1/targets?state=active").path("activeTargets");
    }

    /** The rule groups of {@code /api/v1/rules}, each rule with its health, last error and state. */
    public JsonNode ruleGroups() {
        return get("/api/v1/rules").path("groups");
    }

    private JsonNode get(String pathAndQuery) {
        HttpResponse<String> response = ServerProcess.send(http, HttpRequest.newBuilder(uri(pathAndQuery)));
        try {
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200
                    || !"success".equals(body.path("status").asText())) {
                throw new IllegalStateException("Prometheus answered " + pathAndQuery + " with " + response.statusCode()
                        + ": " + response.body());
            }
            return body.path("data");
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus answered " + pathAndQuery + " with no JSON", e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create(url() + pathAndQuery);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }
}

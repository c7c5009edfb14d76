package io.cairn.local.objectstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.controller.cluster.tls.CertificateAuthority;
import io.cairn.local.FreePort;
import io.cairn.local.ServerProcess;
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
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Google Cloud Storage on this machine: fake-gcs-server (built from the Go module proxy by local/kube-binaries.sh,
 * version pinned there) over HTTP with its filesystem backend under {@code workDir/data}. barman-cloud's
 * google-cloud-storage library is pointed at it by {@code STORAGE_EMULATOR_HOST}, which it honours in place of
 * storage.googleapis.com; then it talks to the emulator anonymously and never reads
 * {@code GOOGLE_APPLICATION_CREDENTIALS}, and fake-gcs-server checks no credentials anyway. So the service-account
 * JSON of {@link #access()} is a well-formed one made for the test (a fresh RSA key), named as a pod gets it, but no
 * test here can prove a wrong one is refused. See docs/object-store.md.
 */
public final class FakeGcsServer implements ObjectStoreServer {

    /** The variable google-cloud-storage reads to use an emulator; a pod needs it in its environment too. */
    public static final String EMULATOR_HOST = "STORAGE_EMULATOR_HOST";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final String host;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ServerProcess process;
    private String privateKeyId;

    private FakeGcsServer(Path workDir, String host, int port) {
        this.workDir = workDir;
        this.host = host;
        this.port = port;
    }

    /** Starts fake-gcs-server on a free port of {@code host} with its data under {@code workDir}; creates buckets. */
    public static FakeGcsServer start(String host, Path binary, Path workDir, String... buckets) {
        FakeGcsServer server = new FakeGcsServer(workDir, host, FreePort.pick());
        try {
            Files.createDirectories(workDir.resolve("data"));
            // -external-url: where resumable uploads (every WAL segment: 16 MB) are told to go on.
            server.process = ServerProcess.start(
                    "fake-gcs-server",
                    List.of(
                            binary.toString(),
                            "-scheme",
                            "http",
                            "-host",
                            host,
                            "-port",
                            Integer.toString(server.port),
                            "-backend",
                            "filesystem",
                            "-filesystem-root",
                            workDir.resolve("data").toString(),
                            "-external-url",
                            server.endpoint(),
                            "-public-host",
                            host + ":" + server.port,
                            "-log-level",
                            "warn"),
                    Map.of(),
                    server.logFile(),
                    server.http,
                    URI.create(server.endpoint() + "/storage/v1/b"));
            for (String bucket : buckets) {
                server.createBucket(bucket);
            }
            server.writeApplicationCredentials();
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@code http://<host>:<port>}, the value of {@link #EMULATOR_HOST}. */
    public String endpoint() {
        return "http://" + host + ":" + port;
    }

    /** {@code gs://<bucket>/<path>}. */
    @Override
    public String destinationPath(String bucket, String path) {
        return "gs://" + bucket + "/" + path;
    }

    /** None: barman-cloud 3.4 has no endpoint option for GCS; {@link #EMULATOR_HOST} does that. */
    @Override
    public String endpointUrl() {
        return null;
    }

    /** {@code googleCredentials.applicationCredentials}; the JSON file and {@link #EMULATOR_HOST} in the environment. */
    @Override
    public BarmanAccess access() {
        return new BarmanAccess(
                "applicationCredentials",
                Map.of(
                        "googleCredentials",
                        Map.of("applicationCredentials", BarmanAccess.secretKey("APPLICATION_CREDENTIALS"))),
                Map.of(
                        "GOOGLE_APPLICATION_CREDENTIALS",
                        applicationCredentials().toString(),
                        EMULATOR_HOST,
                        endpoint()),
                Map.of("APPLICATION_CREDENTIALS", BarmanAccess.fileText(applicationCredentials())),
                List.of(privateKeyId));
    }

    /** {@link #EMULATOR_HOST}: a Cluster's {@code spec.env} must set it, as no barmanObjectStore field does. */
    @Override
    public Map<String, String> clusterEnvironment() {
        return Map.of(EMULATOR_HOST, endpoint());
    }

    /** The service-account JSON file. */
    public Path applicationCredentials() {
        return workDir.resolve("application_credentials.json");
    }

    @Override
    public void createBucket(String name) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint() + "/storage/v1/b"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\"}")));
        if (response.statusCode() != 200 && response.statusCode() != 409) {
            throw new IllegalStateException(
                    "cannot create bucket " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The names of the objects in {@code bucket} that start with {@code prefix}, sorted (the JSON API's list). */
    @Override
    public List<String> listKeys(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        String page = "";
        do {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint() + "/storage/v1/b/"
                            + bucket + "/o?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8) + page))
                    .GET());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "cannot list " + bucket + ": " + response.statusCode() + " " + response.body());
            }
            JsonNode list = json(response.body());
            list.path("items").forEach(item -> keys.add(item.path("name").asText()));
            page = list.hasNonNull("nextPageToken")
                    ? "&pageToken="
                            + URLEncoder.encode(list.get("nextPageToken").asText(), StandardCharsets.UTF_8)
                    : "";
        } while (!page.isEmpty());
        return keys.stream().sorted().toList();
    }

    /** The JSON API's media download. */
    @Override
    public byte[] read(String bucket, String key) {
        HttpResponse<byte[]> response = ServerProcess.send(
                http,
                HttpRequest.newBuilder(URI.create(endpoint() + "/storage/v1/b/" + bucket + "/o/"
                                + URLEncoder.encode(key, StandardCharsets.UTF_8) + "?alt=media"))
                        .GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("cannot read " + key + ": " + response.statusCode());
        }
        return response.body();
    }

    /** The JSON API's simple (media) upload. */
    @Override
    public void write(String bucket, String key, byte[] content) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint() + "/upload/storage/v1/b/"
                        + bucket + "/o?uploadType=media&name=" + URLEncoder.encode(key, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "cannot write " + key + ": " + response.statusCode() + " " + response.body());
        }
    }

    @Override
    public Path logFile() {
        return workDir.resolve("fake-gcs-server.log");
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    private void writeApplicationCredentials() throws IOException {
        KeyPairGenerator generator;
        try {
            generator = KeyPairGenerator.getInstance("RSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        generator.initialize(2048);
        byte[] id = new byte[20];
        new java.security.SecureRandom().nextBytes(id);
        privateKeyId = HexFormat.of().formatHex(id);
        Map<String, String> account = new LinkedHashMap<>();
        account.put("type", "service_account");
        account.put("project_id", "cairn-local");
        account.put("private_key_id", privateKeyId);
        account.put(
                "private_key",
                CertificateAuthority.pem(generator.generateKeyPair().getPrivate()));
        account.put("client_email", "barman@cairn-local.iam.gserviceaccount.com");
        account.put("client_id", "100000000000000000000");
        account.put("token_uri", endpoint() + "/token");
        Files.writeString(
                applicationCredentials(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(account));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return ServerProcess.send(http, request);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

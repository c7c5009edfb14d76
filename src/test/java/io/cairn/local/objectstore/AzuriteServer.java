package io.cairn.local.objectstore;

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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Azure Blob Storage on this machine: Azurite (the npm package {@code azurite}, pinned in local/kube-binaries.sh,
 * which installs it with a launcher of its Blob service) with one storage account whose name and key are made at
 * start, so a wrong key is refused as by Azure (403). Blobs live in Azurite's own database under {@code workDir}, so
 * {@link #createBucket} and {@link #listKeys} use the Blob REST API with a SAS token this class signs.
 *
 * <p>barman-cloud 3.4 reaches an emulator only through a connection string: a destination path that is not
 * {@code https://<account>.blob.core.windows.net/...} is "emulated storage", for which it demands
 * {@code AZURE_STORAGE_CONNECTION_STRING} ({@code A connection string must be provided when using emulated
 * storage}). So the key and SAS forms are tested here as connection strings carrying them ({@link #access()},
 * {@link #sasConnectionStringAccess()}); {@link #storageKeyAccess()} and {@link #sasTokenAccess()} are the Cluster's
 * {@code storageAccount}+{@code storageKey} and {@code storageSasToken} forms as a pod gets them, which barman
 * refuses against an emulator. See docs/object-store.md.
 */
public final class AzuriteServer implements ObjectStoreServer {

    private static final String API_VERSION = "2021-08-06";
    private static final String SAS_VERSION = "2019-12-12";
    private static final Pattern BLOB_NAME = Pattern.compile("<Name>([^<]*)</Name>");
    private static final Pattern NEXT_MARKER = Pattern.compile("<NextMarker>([^<]+)</NextMarker>");

    private final Path workDir;
    private final String host;
    private final int port;
    private final String account;
    private final String key;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private ServerProcess process;

    private AzuriteServer(Path workDir, String host, int port) {
        this.workDir = workDir;
        this.host = host;
        this.port = port;
        this.account = "cairn" + Long.toString(new SecureRandom().nextLong() >>> 24, 36);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = Base64.getEncoder().encodeToString(secret);
    }

    /**
     * Starts Azurite's Blob service from its launcher (local/kube-binaries.sh's {@code azurite}) on a free port of
     * {@code host}, with its data and log under {@code workDir}, and creates the given containers.
     */
    public static AzuriteServer start(String host, Path launcher, Path workDir, String... containers) {
        AzuriteServer server = new AzuriteServer(workDir, host, FreePort.pick());
        try {
            Files.createDirectories(workDir.resolve("data"));
            // --skipApiVersionCheck: the pinned azure-storage-blob may speak a newer API version than this Azurite.
            server.process = ServerProcess.start(
                    "Azurite",
                    List.of(
                            launcher.toString(),
                            "--blobHost",
                            host,
                            "--blobPort",
                            Integer.toString(server.port),
                            "--location",
                            workDir.resolve("data").toString(),
                            "--disableTelemetry",
                            "--skipApiVersionCheck",
                            "--disableProductStyleUrl"),
                    Map.of("AZURITE_ACCOUNTS", server.account + ":" + server.key),
                    server.logFile(),
                    server.http,
                    URI.create(server.blobEndpoint() + "?comp=list"));
            for (String container : containers) {
                server.createBucket(container);
            }
            return server;
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The account's Blob endpoint, path-style as an emulator's: {@code http://<host>:<port>/<account>}. */
    public String blobEndpoint() {
        return "http://" + host + ":" + port + "/" + account;
    }

    public String account() {
        return account;
    }

    /** {@code http://<host>:<port>/<account>/<container>/<path>}: the emulator form of an Azure destination. */
    @Override
    public String destinationPath(String container, String path) {
        return blobEndpoint() + "/" + container + "/" + path;
    }

    /** None: barman-cloud reads the endpoint from the destination path. */
    @Override
    public String endpointUrl() {
        return null;
    }

    /** {@code azureCredentials.connectionString} with the account's name and key. */
    @Override
    public BarmanAccess access() {
        return connectionString("connectionString", connectionStringWithKey(key), key);
    }

    /** {@code azureCredentials.connectionString} carrying a SAS token instead of the key. */
    public BarmanAccess sasConnectionStringAccess() {
        String sas = sasToken();
        return connectionString(
                "connectionString+SAS",
                "BlobEndpoint=" + blobEndpoint() + ";SharedAccessSignature=" + sas,
                signature(sas));
    }

    /** A connection string with the account's name and {@code accountKey}, right or wrong. */
    public String connectionStringWithKey(String accountKey) {
        return "DefaultEndpointsProtocol=http;AccountName=" + account + ";AccountKey=" + accountKey + ";BlobEndpoint="
                + blobEndpoint() + ";";
    }

    /** {@code azureCredentials.storageAccount} and {@code storageKey}. */
    public BarmanAccess storageKeyAccess() {
        return new BarmanAccess(
                "storageAccount+storageKey",
                Map.of(
                        "azureCredentials",
                        Map.of(
                                "storageAccount",
                                BarmanAccess.secretKey("AZURE_STORAGE_ACCOUNT"),
                                "storageKey",
                                BarmanAccess.secretKey("AZURE_STORAGE_KEY"))),
                Map.of("AZURE_STORAGE_ACCOUNT", account, "AZURE_STORAGE_KEY", key),
                Map.of("AZURE_STORAGE_ACCOUNT", account, "AZURE_STORAGE_KEY", key),
                List.of(key));
    }

    /** {@code azureCredentials.storageAccount} and {@code storageSasToken}. */
    public BarmanAccess sasTokenAccess() {
        String sas = sasToken();
        return new BarmanAccess(
                "storageAccount+storageSasToken",
                Map.of(
                        "azureCredentials",
                        Map.of(
                                "storageAccount",
                                BarmanAccess.secretKey("AZURE_STORAGE_ACCOUNT"),
                                "storageSasToken",
                                BarmanAccess.secretKey("AZURE_STORAGE_SAS_TOKEN"))),
                Map.of("AZURE_STORAGE_ACCOUNT", account, "AZURE_STORAGE_SAS_TOKEN", sas),
                Map.of("AZURE_STORAGE_ACCOUNT", account, "AZURE_STORAGE_SAS_TOKEN", sas),
                List.of(signature(sas)));
    }

    private static BarmanAccess connectionString(String name, String value, String secret) {
        return new BarmanAccess(
                name,
                Map.of(
                        "azureCredentials",
                        Map.of("connectionString", BarmanAccess.secretKey("AZURE_CONNECTION_STRING"))),
                Map.of("AZURE_STORAGE_CONNECTION_STRING", value),
                Map.of("AZURE_CONNECTION_STRING", value),
                List.of(secret));
    }

    /** The secret part of a SAS token: its signature, as it appears in a URL. */
    private static String signature(String sas) {
        return sas.substring(sas.indexOf("&sig=") + 5);
    }

    /**
     * An account SAS for the Blob service (all permissions on containers and blobs, a day long), signed with the
     * account key as Azure specifies for version 2019-12-12.
     */
    public String sasToken() {
        String expiry = Instant.now()
                .plus(1, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String permissions = "rwdlacup";
        String stringToSign =
                String.join("\n", account, permissions, "b", "sco", "", expiry, "", "https,http", SAS_VERSION, "");
        return "sv=" + SAS_VERSION + "&ss=b&srt=sco&sp=" + permissions + "&se=" + encode(expiry)
                + "&spr=https,http&sig=" + encode(sign(stringToSign));
    }

    /** Creates a container; does nothing if it exists. */
    @Override
    public void createBucket(String name) {
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(URI.create(blobEndpoint() + "/" + name + "?restype=container&" + sasToken()))
                        .PUT(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException(
                    "cannot create container " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The names of the blobs in {@code container} that start with {@code prefix}, sorted (List Blobs). */
    @Override
    public List<String> listKeys(String container, String prefix) {
        List<String> keys = new ArrayList<>();
        String marker = "";
        do {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(blobEndpoint() + "/" + container
                            + "?restype=container&comp=list&prefix=" + encode(prefix) + marker + "&" + sasToken()))
                    .GET());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "cannot list " + container + ": " + response.statusCode() + " " + response.body());
            }
            Matcher names = BLOB_NAME.matcher(response.body());
            while (names.find()) {
                keys.add(names.group(1).replace("&amp;", "&"));
            }
            Matcher next = NEXT_MARKER.matcher(response.body());
            marker = next.find() ? "&marker=" + encode(next.group(1)) : "";
        } while (!marker.isEmpty());
        return keys.stream().sorted().toList();
    }

    /** Get Blob. */
    @Override
    public byte[] read(String container, String key) {
        HttpResponse<byte[]> response = ServerProcess.send(
                http,
                blobRequest(container, key).header("x-ms-version", API_VERSION).GET(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("cannot read " + key + ": " + response.statusCode());
        }
        return response.body();
    }

    /** Put Blob, a block blob as barman-cloud writes them. */
    @Override
    public void write(String container, String key, byte[] content) {
        HttpResponse<String> response = send(blobRequest(container, key)
                .header("x-ms-blob-type", "BlockBlob")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
        if (response.statusCode() != 201) {
            throw new IllegalStateException(
                    "cannot write " + key + ": " + response.statusCode() + " " + response.body());
        }
    }

    private HttpRequest.Builder blobRequest(String container, String key) {
        return HttpRequest.newBuilder(URI.create(blobEndpoint() + "/" + container + "/" + key + "?" + sasToken()));
    }

    @Override
    public Path logFile() {
        return workDir.resolve("azurite.log");
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        return ServerProcess.send(http, request.header("x-ms-version", API_VERSION));
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

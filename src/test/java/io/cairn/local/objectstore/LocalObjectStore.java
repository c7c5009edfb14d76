package io.cairn.local.objectstore;

import io.cairn.local.FreePort;
import io.cairn.local.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real S3-compatible object store on this machine for the tests: S3Proxy 4.1.0 with its filesystem backend
 * under {@code <workDir>/data} and real AWS SigV2/SigV4 authentication with credentials generated at start (a wrong
 * secret gets 403). Over plain HTTP, or over HTTPS with a certificate from a CA made for the test
 * ({@link #startTls}), which barman must be given as {@code endpointCA}. Buckets are directories of the backend, so
 * {@link #createBucket} and {@link #listKeys} work on the file system, with no S3 client. See docs/object-store.md.
 */
public final class LocalObjectStore implements ObjectStoreServer {

    /** S3's bucket naming rules, so a name that works here works on a real store. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** Requests are signed for this region when AWS_DEFAULT_REGION is unset; S3Proxy accepts any. */
    public static final String REGION = "us-east-1";

    private final Path workDir;
    private final Path dataDir;
    private final String host;
    private final int port;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final TestCertificateAuthority tls;
    private ServerProcess process;
    private Path jar;

    private LocalObjectStore(Path workDir, String host, int port, TestCertificateAuthority tls) {
        this.workDir = workDir;
        this.tls = tls;
        this.host = host;
        this.dataDir = workDir.resolve("data");
        this.port = port;
        this.accessKeyId = "cairn" + HexFormat.of().formatHex(randomBytes(6));
        this.secretAccessKey = HexFormat.of().formatHex(randomBytes(20));
    }

    /**
     * Starts S3Proxy from {@code s3proxyJar} on a free loopback port, with its data and log under {@code workDir},
     * creates the given buckets, and returns once it answers HTTP.
     */
    public static LocalObjectStore start(Path s3proxyJar, Path workDir, String... buckets) {
        return startOn("127.0.0.1", s3proxyJar, workDir, buckets);
    }

    /**
     * As {@link #start(Path, Path, String...)}, listening on {@code host}, an address of this machine: the local
     * runtime's pods reach the store at the node's bridge address.
     */
    public static LocalObjectStore startOn(String host, Path s3proxyJar, Path workDir, String... buckets) {
        return launch(host, s3proxyJar, workDir, false, buckets);
    }

    /**
     * As {@link #startOn}, serving HTTPS only, with a certificate for {@code host} signed by a CA made for this store
     * ({@link #caFile()}): barman needs it as {@code endpointCA} (the environment's {@code AWS_CA_BUNDLE}).
     */
    public static LocalObjectStore startTls(String host, Path s3proxyJar, Path workDir, String... buckets) {
        return launch(host, s3proxyJar, workDir, true, buckets);
    }

    private static LocalObjectStore launch(
            String host, Path s3proxyJar, Path workDir, boolean https, String... buckets) {
        if (!Files.isRegularFile(s3proxyJar)) {
            throw new IllegalStateException("No S3Proxy jar at " + s3proxyJar + ". Any `./mvnw package` fetches "
                    + "org.gaul:s3proxy:4.1.0:jar-with-dependencies into ~/.m2 and target/local/s3proxy.jar.");
        }
        TestCertificateAuthority tls = null;
        if (https) {
            tls = TestCertificateAuthority.create("cairn-local-s3", workDir.resolve("tls"));
            tls.issueServer(List.of(host));
        }
        LocalObjectStore store = new LocalObjectStore(workDir, host, FreePort.pick(), tls);
        try {
            Files.createDirectories(store.dataDir);
            for (String bucket : buckets) {
                store.createBucket(bucket);
            }
            store.launch(s3proxyJar);
            return store;
        } catch (IOException e) {
            store.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** {@code http[s]://<host>:<port>}: the {@code endpointURL} of a barmanObjectStore. */
    @Override
    public String endpointUrl() {
        return (tls == null ? "http://" : "https://") + host + ":" + port;
    }

    /** {@code s3://<bucket>/<path>}. */
    @Override
    public String destinationPath(String bucket, String path) {
        return "s3://" + bucket + "/" + path;
    }

    /** The CA that signed the HTTPS certificate (PEM), or null for plain HTTP. */
    public Path caFile() {
        return tls == null ? null : tls.caFile();
    }

    /**
     * {@code s3Credentials} with the generated keys, and over HTTPS {@code endpointCA}; the environment as a pod gets
     * it ({@link #awsEnvironment()}, and {@code AWS_CA_BUNDLE} naming {@link #caFile()}).
     */
    @Override
    public BarmanAccess access() {
        Map<String, Object> credentials = new LinkedHashMap<>();
        credentials.put(
                "s3Credentials",
                Map.of(
                        "accessKeyId",
                        BarmanAccess.secretKey("ACCESS_KEY_ID"),
                        "secretAccessKey",
                        BarmanAccess.secretKey("ACCESS_SECRET_KEY"),
                        "region",
                        BarmanAccess.secretKey("REGION")));
        Map<String, String> env = new LinkedHashMap<>(awsEnvironment());
        Map<String, String> secret = new LinkedHashMap<>(
                Map.of("ACCESS_KEY_ID", accessKeyId, "ACCESS_SECRET_KEY", secretAccessKey, "REGION", REGION));
        if (tls != null) {
            credentials.put("endpointCA", BarmanAccess.secretKey("ca.crt"));
            env.put("AWS_CA_BUNDLE", tls.caFile().toString());
            secret.put("ca.crt", BarmanAccess.fileText(tls.caFile()));
        }
        return new BarmanAccess(
                tls == null ? "s3Credentials" : "s3Credentials+endpointCA",
                credentials,
                env,
                secret,
                List.of(secretAccessKey));
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    /** The environment barman-cloud (boto3) needs to reach this store, as a pod gets it from its Secret. */
    public Map<String, String> awsEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        env.put("AWS_DEFAULT_REGION", REGION);
        return env;
    }

    /** Creates a bucket (a directory of the filesystem backend); does nothing if it exists. */
    @Override
    public void createBucket(String name) {
        if (!BUCKET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid S3 bucket name: " + name);
        }
        try {
            Files.createDirectories(dataDir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The keys of the objects in a bucket that start with {@code prefix}, sorted. Read from the backend directory,
     * where an object {@code a/b/c} is the file {@code <bucket>/a/b/c}. S3Proxy writes an object under a temporary
     * name and renames it, so a file may vanish while the directory is walked: the walk is then simply repeated.
     */
    @Override
    public List<String> listKeys(String bucket, String prefix) {
        Path root = dataDir.resolve(bucket);
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no bucket " + bucket);
        }
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile)
                        .map(f -> root.relativize(f)
                                .toString()
                                .replace(f.getFileSystem().getSeparator(), "/"))
                        .filter(key -> key.startsWith(prefix))
                        .filter(key -> !UPLOAD_IN_PROGRESS.matcher(key).find())
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof NoSuchFileException) || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** The file of the object in the filesystem backend. */
    @Override
    public byte[] read(String bucket, String key) {
        try {
            return Files.readAllBytes(dataDir.resolve(bucket).resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A new file in the filesystem backend, renamed into place as S3Proxy does: S3Proxy keeps an object's metadata in
     * extended attributes of its file, and a new file has none, so nothing describes older content.
     */
    @Override
    public void write(String bucket, String key, byte[] content) {
        Path file = dataDir.resolve(bucket).resolve(key);
        try {
            Files.createDirectories(file.getParent());
            Path written = Files.write(file.resolveSibling(file.getFileName() + ".new"), content);
            Files.move(written, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The temporary name S3Proxy's filesystem backend writes an object under before renaming it. */
    private static final java.util.regex.Pattern UPLOAD_IN_PROGRESS =
            java.util.regex.Pattern.compile("-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");

    /** Where S3Proxy's log is. */
    @Override
    public Path logFile() {
        return workDir.resolve("s3proxy.log");
    }

    private void launch(Path jar) throws IOException {
        this.jar = jar;
        Path properties = workDir.resolve("s3proxy.properties");
        List<String> listen = tls == null
                ? List.of("s3proxy.endpoint=" + endpointUrl())
                : List.of(
                        "s3proxy.secure-endpoint=" + endpointUrl(),
                        "s3proxy.keystore-path=" + tls.keyStore().toAbsolutePath(),
                        "s3proxy.keystore-password=" + tls.keyStorePassword());
        // The jclouds.* keys configure S3Proxy 4.x's storage backend, which still reads them by those names.
        Files.writeString(
                properties,
                String.join("\n", listen) + "\n"
                        + String.join(
                                "\n",
                                "s3proxy.authorization=aws-v2-or-v4",
                                "s3proxy.identity=" + accessKeyId,
                                "s3proxy.credential=" + secretAccessKey,
                                "jclouds.provider=filesystem",
                                "jclouds.identity=" + accessKeyId,
                                "jclouds.credential=" + secretAccessKey,
                                "jclouds.filesystem.basedir=" + dataDir.toAbsolutePath(),
                                ""));
        List<String> command = List.of(
                javaExecutable(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-jar",
                jar.toAbsolutePath().toString(),
                "--properties",
                properties.toString());
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
        if (tls != null) {
            http.sslContext(tls.clientContext());
        }
        process = ServerProcess.start(
                "S3Proxy", command, Map.of(), logFile(), http.build(), URI.create(endpointUrl() + "/"));
    }

    /** Starts S3Proxy again after {@link #close}, on the same port, with the same data and credentials. */
    public synchronized void restart() {
        if (process != null) {
            throw new IllegalStateException("S3Proxy is running");
        }
        try {
            launch(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Freezes S3Proxy (SIGSTOP): connections are accepted and never answered, a store that hangs. */
    public synchronized void freeze() {
        process.signal("STOP");
    }

    /** Lets a frozen S3Proxy go on (SIGCONT). */
    public synchronized void thaw() {
        process.signal("CONT");
    }

    /** Stops S3Proxy; the data directory and the log are kept. */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}

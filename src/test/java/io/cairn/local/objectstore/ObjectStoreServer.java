package io.cairn.local.objectstore;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A local stand-in for one of the object stores barman-cloud writes to (S3, Azure Blob Storage, Google Cloud
 * Storage), started by a test and stopped by {@link #close()}: what a {@code barmanObjectStore} needs to reach it, and
 * the few operations a test needs to look at it without barman. See docs/object-store.md.
 */
public interface ObjectStoreServer extends AutoCloseable {

    /** {@code barmanObjectStore.destinationPath} for {@code path} in {@code bucket} (a container for Azure). */
    String destinationPath(String bucket, String path);

    /** {@code barmanObjectStore.endpointURL}, or null where the destination path names the endpoint (Azure, GCS). */
    String endpointUrl();

    /** How barman is given access in the usual way for this store; see {@link BarmanAccess}. */
    BarmanAccess access();

    /** Variables a Cluster's pods need beside the credentials (its {@code spec.env}); none by default. */
    default Map<String, String> clusterEnvironment() {
        return Map.of();
    }

    /** Creates a bucket (container); does nothing if it exists. */
    void createBucket(String name);

    /** The keys of the objects in {@code bucket} that start with {@code prefix}, sorted. */
    List<String> listKeys(String bucket, String prefix);

    /** The content of the object {@code key} in {@code bucket}. */
    byte[] read(String bucket, String key);

    /**
     * Writes the object {@code key} in {@code bucket} as a client of the store would, e.g. a backup barman did not
     * make (an old one for retention to remove).
     */
    void write(String bucket, String key, byte[] content);

    /** The server's log. */
    Path logFile();

    /** Stops the server; its data stays on disk. */
    @Override
    void close();
}

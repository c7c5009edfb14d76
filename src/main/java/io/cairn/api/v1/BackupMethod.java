package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a backup is taken. */
public enum BackupMethod {
    /** A hot base backup with barman-cloud to an object store (the default). */
    @JsonProperty("barmanObjectStore")
    BARMAN_OBJECT_STORE("barmanObjectStore"),
    /** Kubernetes VolumeSnapshots of the instance's volumes. */
    @JsonProperty("volumeSnapshot")
    VOLUME_SNAPSHOT("volumeSnapshot"),
    /** A CNPG-I plugin. */
    @JsonProperty("plugin")
    PLUGIN("plugin");

    /** The method of a Backup or ScheduledBackup that names none (CloudNativePG's default). */
    public static final BackupMethod DEFAULT = BARMAN_OBJECT_STORE;

    private final String value;

    BackupMethod(String value) {
        this.value = value;
    }

    /** The name used in manifests. */
    public String value() {
        return value;
    }
}

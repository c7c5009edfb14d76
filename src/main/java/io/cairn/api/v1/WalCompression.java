package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Compression of archived WAL files (barman-cloud-wal-archive). */
public enum WalCompression {
    @JsonProperty("bzip2")
    BZIP2,
    @JsonProperty("gzip")
    GZIP,
    @JsonProperty("lz4")
    LZ4,
    @JsonProperty("snappy")
    SNAPPY,
    @JsonProperty("xz")
    XZ,
    @JsonProperty("zstd")
    ZSTD
}

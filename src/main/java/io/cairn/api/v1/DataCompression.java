package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Compression of base backup data (barman-cloud-backup). */
public enum DataCompression {
    @JsonProperty("bzip2")
    BZIP2,
    @JsonProperty("gzip")
    GZIP,
    @JsonProperty("lz4")
    LZ4,
    @JsonProperty("snappy")
    SNAPPY
}

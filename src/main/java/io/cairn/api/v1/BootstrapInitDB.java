package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.List;

/** Bootstrap a new, empty cluster with initdb. CloudNativePG's other initdb options are kept as given. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// import, locale providers and SQL refs are preserved, not read.
@JsonIgnoreProperties(ignoreUnknown = true)
public record BootstrapInitDB(
        @JsonPropertyDescription("The application database to create. Default: app.")
        String database,

        @JsonPropertyDescription("The owner of the application database. Default: the database name.")
        String owner,

        @JsonPropertyDescription("The Secret with the owner's credentials. Default: generated.")
        LocalObjectReference secret,

        @JsonPropertyDescription("Extra initdb options.") List<String> options,

        @JsonPropertyDescription("Enable data page checksums.")
        Boolean dataChecksums,

        @JsonPropertyDescription("The database encoding. Default: UTF8.")
        String encoding,

        @JsonPropertyDescription("LC_COLLATE and LC_CTYPE of the new cluster.")
        String locale,

        @JsonPropertyDescription("LC_COLLATE of the new cluster.")
        String localeCollate,

        @JsonPropertyDescription("LC_CTYPE of the new cluster.")
        String localeCType,

        @Min(1)
        @Max(1024)
        @JsonPropertyDescription("The WAL segment size in megabytes, a power of 2 between 1 and 1024.")
        Integer walSegmentSize,

        @JsonPropertyDescription("SQL run as superuser in the postgres database after initdb.")
        List<String> postInitSQL,

        @JsonPropertyDescription("SQL run as superuser in the application database after initdb.")
        List<String> postInitApplicationSQL,

        @JsonPropertyDescription("SQL run as superuser in template1 after initdb.")
        List<String> postInitTemplateSQL) {}

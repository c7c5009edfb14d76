package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** An object store that barman-cloud writes base backups and WAL to, under {@code <destinationPath>/<serverName>}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "[has(self.s3Credentials), has(self.azureCredentials), has(self.googleCredentials)]"
                + ".filter(x, x).size() == 1",
        message = "One and only one of azureCredentials, s3Credentials and googleCredentials are required")
public record BarmanObjectStoreConfiguration(
        @JsonPropertyDescription("Credentials for an S3-compatible store.")
        S3Credentials s3Credentials,

        @JsonPropertyDescription("Credentials for Azure Blob Storage.")
        AzureCredentials azureCredentials,

        @JsonPropertyDescription("Credentials for Google Cloud Storage.")
        GoogleCredentials googleCredentials,

        @JsonPropertyDescription("The endpoint of the object store, for S3-compatible stores other than AWS.")
        String endpointURL,

        @JsonPropertyDescription("The Secret key holding the CA bundle that signs the endpoint's certificate.")
        SecretKeySelector endpointCA,

        @Required @Size(min = 1) @JsonPropertyDescription("Where backups go, e.g. s3://bucket/path/to/folder.")
        String destinationPath,

        @JsonPropertyDescription("The folder under destinationPath for this server. Default: the cluster name.")
        String serverName,

        @JsonPropertyDescription("How WAL files are archived.")
        WalBackupConfiguration wal,

        @JsonPropertyDescription("How base backups are taken.")
        DataBackupConfiguration data,

        @JsonPropertyDescription("Tags added to every backup and WAL file.")
        Map<String, String> tags,

        @JsonPropertyDescription("Tags added to timeline history files.")
        Map<String, String> historyTags) {}

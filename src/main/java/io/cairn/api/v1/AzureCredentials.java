package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Credentials for Azure Blob Storage. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AzureCredentials(
        @JsonPropertyDescription("The Secret key holding the connection string (AZURE_STORAGE_CONNECTION_STRING).")
        SecretKeySelector connectionString,

        @JsonPropertyDescription("The Secret key holding the storage account name (AZURE_STORAGE_ACCOUNT).")
        SecretKeySelector storageAccount,

        @JsonPropertyDescription("The Secret key holding the storage account key (AZURE_STORAGE_KEY).")
        SecretKeySelector storageKey,

        @JsonPropertyDescription("The Secret key holding a shared access signature token (AZURE_STORAGE_SAS_TOKEN).")
        SecretKeySelector storageSasToken,

        @JsonPropertyDescription("Authenticate with Azure AD workload identity.")
        Boolean inheritFromAzureAD,

        @JsonPropertyDescription("Authenticate with the Azure default credential chain.")
        Boolean useDefaultAzureCredentials) {}

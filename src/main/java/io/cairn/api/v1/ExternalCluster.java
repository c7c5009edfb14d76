package io.cairn.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Another PostgreSQL cluster, reachable by connection or through its backups, e.g. a recovery source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
        value = "has(self.connectionParameters) || has(self.barmanObjectStore) || has(self.plugin)",
        message = "one of connectionParameters, plugin and barmanObjectStore is required")
public record ExternalCluster(
        @Required
        @JsonPropertyDescription(
                "The name other fields use to refer to this cluster; also the default barman " + "server name.")
        String name,

        @JsonPropertyDescription("libpq connection parameters (host, port, dbname, user, ...).")
        Map<String, String> connectionParameters,

        @JsonPropertyDescription("The Secret key holding the client certificate.")
        OptionalSecretKeySelector sslCert,

        @JsonPropertyDescription("The Secret key holding the client private key.")
        OptionalSecretKeySelector sslKey,

        @JsonPropertyDescription("The Secret key holding the server CA certificate.")
        OptionalSecretKeySelector sslRootCert,

        @JsonPropertyDescription("The Secret key holding the password.")
        OptionalSecretKeySelector password,

        @JsonPropertyDescription("The object store holding this cluster's backups and WAL.")
        BarmanObjectStoreConfiguration barmanObjectStore,

        @JsonPropertyDescription("A CNPG-I plugin giving access to this cluster's backups.")
        PluginConfiguration plugin) {}

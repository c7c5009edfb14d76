package io.cairn.controller.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.v1.Backup;
import io.cairn.api.v1.BarmanObjectStoreConfiguration;
import io.cairn.api.v1.Cluster;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which Backup objects retention deletes after a job: completed, same place, gone from barman's catalogue. */
class RetentionSelectionTest {

    private static final BarmanObjectStoreConfiguration STORE =
            Serialization.unmarshal("""
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata: {name: pg}
            spec:
              instances: 1
              backup:
                barmanObjectStore:
                  destinationPath: s3://backups/pg
                  endpointURL: http://s3.local:9000
                  s3Credentials:
                    accessKeyId: {name: s3-creds, key: ACCESS_KEY_ID}
                    secretAccessKey: {name: s3-creds, key: ACCESS_SECRET_KEY}
            """, Cluster.class).getSpec().backup().barmanObjectStore();

    @Test
    void completedBackupsOfTheSamePlaceThatLeftTheCatalogueAreSelected() {
        List<Backup> backups = List.of(
                backup("gone", "completed", "20261120T100000", "s3://backups/pg", "pg", "http://s3.local:9000"),
                backup("kept", "completed", "20261125T100000", "s3://backups/pg", "pg", "http://s3.local:9000"),
                backup("failed", "failed", "20261121T100000", "s3://backups/pg", "pg", "http://s3.local:9000"),
                backup("elsewhere", "completed", "20261119T100000", "s3://other/pg", "pg", "http://s3.local:9000"),
                backup(
                        "other-server",
                        "completed",
                        "20261119T100000",
                        "s3://backups/pg",
                        "pg-old",
                        "http://s3.local:9000"),
                backup(
                        "other-endpoint",
                        "completed",
                        "20261119T100000",
                        "s3://backups/pg",
                        "pg",
                        "http://aws.example:443"));

        assertThat(RetentionSelection.obsolete(backups, "pg", STORE, Set.of("20261125T100000")))
                .extracting(b -> b.getMetadata().getName())
                .containsExactly("gone");
    }

    @Test
    void aConfiguredServerNameMustMatchExactly() {
        BarmanObjectStoreConfiguration named = new BarmanObjectStoreConfiguration(
                STORE.s3Credentials(),
                null,
                null,
                STORE.endpointURL(),
                null,
                STORE.destinationPath(),
                "custom",
                null,
                null,
                null,
                null);

        assertThat(RetentionSelection.sameLocation(
                        backup("a", "completed", "1", "s3://backups/pg", "custom", "http://s3.local:9000")
                                .getStatus(),
                        "pg",
                        named))
                .isTrue();
        assertThat(RetentionSelection.sameLocation(
                        backup("a", "completed", "1", "s3://backups/pg", "pg", "http://s3.local:9000")
                                .getStatus(),
                        "pg",
                        named))
                .isFalse();
    }

    private static Backup backup(
            String name, String phase, String backupId, String destination, String server, String endpoint) {
        return Serialization.unmarshal(
                """
                apiVersion: postgresql.cnpg.io/v1
                kind: Backup
                metadata: {name: %s, namespace: ns, creationTimestamp: '2026-11-25T09:00:00Z'}
                spec: {cluster: {name: pg}}
                status:
                  phase: %s
                  backupId: '%s'
                  destinationPath: %s
                  serverName: %s
                  endpointURL: %s
                  s3Credentials:
                    accessKeyId: {name: s3-creds, key: ACCESS_KEY_ID}
                    secretAccessKey: {name: s3-creds, key: ACCESS_SECRET_KEY}
                """.formatted(name, phase, backupId, destination, server, endpoint), Backup.class);
    }
}

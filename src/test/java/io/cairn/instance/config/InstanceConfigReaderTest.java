package io.cairn.instance.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.v1.WalCompression;
import io.cairn.instance.api.InstanceConfig;
import org.junit.jupiter.api.Test;

class InstanceConfigReaderTest {

    /** The example of docs/instance-manager.md. */
    static final String PRIMARY = """
            {
              "bootstrap": {
                "initdb": {"database": "app", "owner": "app", "dataChecksums": true},
                "ownerPasswordFile": "/etc/cairn/app/password"
              },
              "postgresql": {"parameters": {"shared_buffers": "256MB", "max_connections": "200"}},
              "archive": {
                "barmanObjectStore": {
                  "destinationPath": "s3://backups/cluster-example",
                  "endpointURL": "http://127.0.0.1:9000",
                  "s3Credentials": {
                    "accessKeyId": {"name": "backup-creds", "key": "ACCESS_KEY_ID"},
                    "secretAccessKey": {"name": "backup-creds", "key": "ACCESS_SECRET_KEY"}
                  },
                  "wal": {"compression": "gzip", "maxParallel": 2}
                },
                "serverName": "cluster-example"
              },
              "archiveTimeout": "60s",
              "replication": {"user": "streaming_replica", "passwordFile": "/etc/cairn/replication/password"},
              "smartShutdownTimeout": 180,
              "someFutureField": {"ignored": true}
            }
            """;

    @Test
    void readsThePrimaryExample() {
        InstanceConfig config = InstanceConfigReader.parse(PRIMARY);
        assertThat(config.bootstrap().initdb().database()).isEqualTo("app");
        assertThat(config.bootstrap().join()).isNull();
        assertThat(config.parameters()).containsEntry("shared_buffers", "256MB");
        assertThat(config.archive().barmanObjectStore().wal().compression()).isEqualTo(WalCompression.GZIP);
        assertThat(config.archive().barmanObjectStore().wal().maxParallel()).isEqualTo(2);
        assertThat(config.archive().effectiveServerName("other")).isEqualTo("cluster-example");
        assertThat(config.effectiveArchiveTimeout()).isEqualTo("60s");
        assertThat(config.replicationUser()).isEqualTo("streaming_replica");
        assertThat(config.effectiveSmartShutdownTimeout()).isEqualTo(180);
    }

    @Test
    void readsAJoinWithDefaults() {
        InstanceConfig config = InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "10.0.0.5"}}}""");
        assertThat(config.bootstrap().join().effectivePort()).isEqualTo(5432);
        assertThat(config.archive()).isNull();
        assertThat(config.parameters()).isEmpty();
        assertThat(config.effectiveArchiveTimeout()).isEqualTo("60s");
        assertThat(config.replicationUser()).isEqualTo("streaming_replica");
        assertThat(config.effectiveSmartShutdownTimeout()).isEqualTo(180);
    }

    @Test
    void aUserArchiveTimeoutParameterWins() {
        InstanceConfig config = InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "h"}}, "archiveTimeout": "30s",
                 "postgresql": {"parameters": {"archive_timeout": "5min"}}}""");
        assertThat(config.effectiveArchiveTimeout()).isEqualTo("5min");
    }

    @Test
    void serverNameFallsBackToTheStoreThenTheCluster() {
        InstanceConfig fromStore = InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "h"}},
                 "archive": {"barmanObjectStore": {"destinationPath": "s3://b", "serverName": "fromStore"}}}""");
        assertThat(fromStore.archive().effectiveServerName("cluster")).isEqualTo("fromStore");
        InstanceConfig fromCluster = InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "h"}}, "archive": {"barmanObjectStore": {"destinationPath": "s3://b"}}}""");
        assertThat(fromCluster.archive().effectiveServerName("cluster")).isEqualTo("cluster");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> InstanceConfigReader.parse("""
                {"bootstrap": {"initdb": {"database": "app; drop"}, "join": {"host": "h"}},
                 "archive": {"barmanObjectStore": {"destinationPath": ""}},
                 "archiveTimeout": "soon",
                 "replication": {"user": "bad user"},
                 "postgresql": {"parameters": {"work_mem": "4MB\\nfsync = off"}}}"""))
                .isInstanceOf(InstanceConfigException.class)
                .hasMessageContaining("bootstrap: exactly one of initdb, join and recovery")
                .hasMessageContaining("bootstrap.initdb.database")
                .hasMessageContaining("archive.barmanObjectStore.destinationPath is required")
                .hasMessageContaining("archiveTimeout")
                .hasMessageContaining("replication.user")
                .hasMessageContaining("postgresql.parameters.work_mem: a value must be one line");
    }

    @Test
    void refusesNoBootstrapAndBadJson() {
        assertThatThrownBy(() -> InstanceConfigReader.parse("{}"))
                .hasMessageContaining("exactly one of initdb, join and recovery");
        assertThatThrownBy(() -> InstanceConfigReader.parse("{\"bootstrap\": "))
                .isInstanceOf(InstanceConfigException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> InstanceConfigReader.parse("""
                {"bootstrap": {"join": {"host": "h"}}, "archive": {"barmanObjectStore":
                  {"destinationPath": "s3://b", "wal": {"compression": "brotli"}}}}"""))
                .isInstanceOf(InstanceConfigException.class)
                .hasMessageContaining("brotli");
    }
}

package io.cairn.instance.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.instance.api.InstanceConfig;
import io.cairn.instance.config.InstanceConfigReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrimaryInitializerTest {

    @TempDir
    Path dir;

    @Test
    void afterInitdbCreatesRolesDatabaseAndRunsPostInitSqlOnce() throws IOException {
        Files.writeString(dir.resolve("repl"), "it's secret\n");
        Files.writeString(dir.resolve("owner"), "0wner");
        InstanceConfig config = InstanceConfigReader.parse("""
                {"bootstrap": {"initdb": {"database": "shop", "owner": "clerk",
                    "postInitSQL": ["CREATE EXTENSION pg_stat_statements"],
                    "postInitApplicationSQL": ["CREATE TABLE items(id int);"]},
                  "ownerPasswordFile": "%s"},
                 "replication": {"passwordFile": "%s"}}""".formatted(dir.resolve("owner"), dir.resolve("repl")));
        Path pgData = Files.createDirectories(dir.resolve("pgdata"));
        DataDirectory data = new DataDirectory(pgData);
        data.create(DataDirectory.POST_INIT_PENDING);
        List<String> scripts = new ArrayList<>();
        new PrimaryInitializer(config, data, recording(scripts)).run();

        assertThat(scripts)
                .singleElement()
                .asString()
                .contains("SELECT 'CREATE ROLE \"streaming_replica\" LOGIN REPLICATION' WHERE NOT EXISTS "
                        + "(SELECT 1 FROM pg_roles WHERE rolname = 'streaming_replica')\\gexec")
                .contains("ALTER ROLE \"streaming_replica\" PASSWORD 'it''s secret';")
                .contains("ALTER ROLE \"clerk\" PASSWORD '0wner';")
                .contains("SELECT 'CREATE DATABASE \"shop\" OWNER \"clerk\"' WHERE NOT EXISTS")
                .contains("CREATE EXTENSION pg_stat_statements;\n\\c shop\nCREATE TABLE items(id int);\n");
        assertThat(data.has(DataDirectory.POST_INIT_PENDING)).isFalse();

        scripts.clear();
        new PrimaryInitializer(config, data, recording(scripts)).run();
        assertThat(scripts)
                .singleElement()
                .asString()
                .contains("streaming_replica")
                .doesNotContain("CREATE DATABASE")
                .doesNotContain("pg_stat_statements");
    }

    @Test
    void atEveryStartGivesPostgresTheSuperuserPasswordOrNoneWhenSuperuserAccessIsDisabled() throws IOException {
        Files.writeString(dir.resolve("superuser"), "sup'er\n");
        DataDirectory data = new DataDirectory(Files.createDirectories(dir.resolve("pgdata")));
        List<String> scripts = new ArrayList<>();

        new PrimaryInitializer(
                        InstanceConfigReader.parse("""
                {"bootstrap": {"initdb": {}}, "superuserPasswordFile": "%s"}""".formatted(dir.resolve("superuser"))), data, recording(scripts))
                .run();
        new PrimaryInitializer(InstanceConfigReader.parse("""
                {"bootstrap": {"initdb": {}}}"""), data, recording(scripts)).run();

        assertThat(scripts.get(0)).contains("ALTER ROLE \"postgres\" PASSWORD 'sup''er';");
        assertThat(scripts.get(1)).contains("ALTER ROLE \"postgres\" PASSWORD NULL;");
    }

    @Test
    void atEveryStartACheckpointWakesTheCheckpointerSoThatArchiveTimeoutHoldsFromTheStart() throws IOException {
        List<String> scripts = new ArrayList<>();
        new PrimaryInitializer(
                        InstanceConfigReader.parse("""
                {"bootstrap": {"initdb": {}}}"""),
                        new DataDirectory(Files.createDirectories(dir.resolve("pgdata"))),
                        recording(scripts))
                .run();
        assertThat(scripts).singleElement().asString().endsWith("CHECKPOINT;\n");
    }

    private static PostgresClient recording(List<String> scripts) {
        return new PostgresClient() {
            @Override
            public boolean acceptsConnections() {
                return true;
            }

            @Override
            public String queryValue(String sql) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void execute(String script) {
                scripts.add(script);
            }
        };
    }
}

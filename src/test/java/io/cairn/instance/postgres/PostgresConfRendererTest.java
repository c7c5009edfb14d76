package io.cairn.instance.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.testing.Golden;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresConfRendererTest {

    private static final String ARCHIVE_COMMAND =
            "/usr/lib/jvm/java-17/bin/java -XX:TieredStopAtLevel=1 -jar '/opt/my cairn/quarkus-run.jar' wal-archive %p";

    private static Map<String, String> userParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("shared_buffers", "256MB");
        parameters.put("work_mem", "4MB");
        parameters.put("search_path", "\"$user\", public");
        parameters.put("log_line_prefix", "%m [%p] it's \\ here ");
        parameters.put("max_wal_senders", "20");
        parameters.put("listen_addresses", "*");
        parameters.put("archive_command", "/bin/true");
        parameters.put("wal_level", "minimal");
        return parameters;
    }

    @Test
    void primary() {
        Map<String, String> files = PostgresConfRenderer.render(new PostgresConfRenderer.Settings(
                "10.0.0.5",
                5432,
                "/controller/run",
                "cluster-example",
                ARCHIVE_COMMAND,
                "60s",
                userParameters(),
                null,
                "streaming_replica",
                null));
        assertThat(files).containsOnlyKeys("postgresql.conf", "custom.conf", "pg_hba.conf");
        Golden.assertMatches("instance/primary/postgresql.conf", files.get("postgresql.conf"));
        Golden.assertMatches("instance/primary/custom.conf", files.get("custom.conf"));
        Golden.assertMatches("instance/primary/pg_hba.conf", files.get("pg_hba.conf"));
    }

    @Test
    void standby() {
        Map<String, String> files = PostgresConfRenderer.render(new PostgresConfRenderer.Settings(
                "10.0.0.6",
                5432,
                "/controller/run",
                "cluster-example",
                ARCHIVE_COMMAND,
                "5min",
                Map.of("wal_level", "logical"),
                "host=10.0.0.5 port=5432 user=streaming_replica application_name=cluster-example-2 "
                        + "passfile=/controller/run/pgpass",
                "streaming_replica",
                "/controller/manager wal-restore %f %p"));
        Golden.assertMatches("instance/standby/postgresql.conf", files.get("postgresql.conf"));
    }

    @Test
    void managedSettingsComeLastAndUserOnesAreIncludedBeforeThem() {
        String conf = PostgresConfRenderer.render(new PostgresConfRenderer.Settings(
                        "10.0.0.5", 5432, "/run", "c", "x %p", "60s", Map.of(), null, "streaming_replica", null))
                .get("postgresql.conf");
        int defaults = conf.indexOf("max_wal_senders = ");
        int custom = conf.indexOf("include 'custom.conf'");
        int managed = conf.indexOf("listen_addresses = ");
        assertThat(conf.indexOf("include_if_exists 'initdb.conf'")).isLessThan(defaults);
        assertThat(defaults).isLessThan(custom);
        assertThat(custom).isLessThan(managed);
        assertThat(conf).doesNotContain("primary_conninfo");
    }

    @Test
    void quotesValuesForPostgresqlConfAndConninfo() {
        assertThat(PostgresConfRenderer.quote("it's a \\ path")).isEqualTo("'it''s a \\\\ path'");
        assertThat(PostgresConfRenderer.conninfoValue("10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(PostgresConfRenderer.conninfoValue("/tmp/my run/pgpass")).isEqualTo("'/tmp/my run/pgpass'");
        assertThat(PostgresConfRenderer.conninfoValue("o'k\\")).isEqualTo("'o\\'k\\\\'");
    }
}

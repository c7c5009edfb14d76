package io.cairn.instance.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.instance.api.WalSwitchResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalSwitcherTest {

    /** Answers pg_is_in_recovery() and the switch query; records every statement. */
    private static final class FakePostgres implements PostgresClient {
        final List<String> statements = new ArrayList<>();
        final boolean inRecovery;

        FakePostgres(boolean inRecovery) {
            this.inRecovery = inRecovery;
        }

        @Override
        public boolean acceptsConnections() {
            return true;
        }

        @Override
        public String queryValue(String sql) {
            statements.add(sql);
            if (sql.equals("SELECT pg_is_in_recovery()")) {
                return inRecovery ? "t" : "f";
            }
            return "{\"lsn\" : \"0/2016028\", \"walFile\" : \"000000010000000000000002\", \"switched\" : true}";
        }

        @Override
        public void execute(String script) {
            statements.add(script);
        }
    }

    @Test
    void onThePrimaryACheckpointThenTheSwitch() {
        FakePostgres postgres = new FakePostgres(false);
        WalSwitchResult result = new WalSwitcher(postgres).switchWal(true);
        assertThat(result).isEqualTo(new WalSwitchResult("0/2016028", "000000010000000000000002", true));
        assertThat(postgres.statements)
                .containsExactly("SELECT pg_is_in_recovery()", "CHECKPOINT;", WalSwitcher.SWITCH);
    }

    @Test
    void withoutCheckpoint() {
        FakePostgres postgres = new FakePostgres(false);
        new WalSwitcher(postgres).switchWal(false);
        assertThat(postgres.statements).doesNotContain("CHECKPOINT;");
    }

    @Test
    void aStandbyRefuses() {
        FakePostgres postgres = new FakePostgres(true);
        assertThatThrownBy(() -> new WalSwitcher(postgres).switchWal(true))
                .isInstanceOf(WalSwitcher.NotPrimaryException.class);
        assertThat(postgres.statements).containsExactly("SELECT pg_is_in_recovery()");
    }
}

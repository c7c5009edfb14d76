package io.cairn.instance.barman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BarmanRetentionPolicyTest {

    @ParameterizedTest
    @CsvSource({
        "30d, RECOVERY WINDOW OF 30 DAYS",
        "1d, RECOVERY WINDOW OF 1 DAYS",
        "4w, RECOVERY WINDOW OF 4 WEEKS",
        "6m, RECOVERY WINDOW OF 6 MONTHS",
        "120d, RECOVERY WINDOW OF 120 DAYS"
    })
    void cloudNativePgPoliciesBecomeRecoveryWindows(String policy, String barman) {
        assertThat(BarmanRetentionPolicy.recoveryWindow(policy)).isEqualTo(barman);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "0d", "07d", "30", "d", "30y", "30D", "30 d", "-1d", "1dd", "REDUNDANCY 3"})
    void anythingElseIsRefused(String policy) {
        assertThatThrownBy(() -> BarmanRetentionPolicy.recoveryWindow(policy))
                .isInstanceOf(BarmanConfigurationException.class)
                .hasMessageContaining("retentionPolicy");
    }
}

package io.cairn.controller.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.v1.RecoveryTarget;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecoveryTargetSettingsTest {

    static Stream<Arguments> targets() {
        return Stream.of(
                Arguments.of(
                        "no target: the end of the WAL",
                        target(null, null, null, null, null, null, null),
                        Map.of("recovery_target_inclusive", "true")),
                Arguments.of(
                        "targetTime, RFC 3339",
                        target(null, null, null, null, "2023-07-06T08:00:39Z", null, null),
                        Map.of(
                                "recovery_target_time",
                                "2023-07-06 08:00:39.000000+00:00",
                                "recovery_target_inclusive",
                                "true")),
                Arguments.of(
                        "targetTime, PostgreSQL timestamp, exclusive",
                        target(null, null, null, null, "2023-07-06 10:00:39.5+02", null, true),
                        Map.of(
                                "recovery_target_time",
                                "2023-07-06 10:00:39.500000+02:00",
                                "recovery_target_inclusive",
                                "false")),
                Arguments.of(
                        "targetLSN on timeline 2",
                        target("2", null, null, "0/3000060", null, null, null),
                        Map.of(
                                "recovery_target_lsn",
                                "0/3000060",
                                "recovery_target_timeline",
                                "2",
                                "recovery_target_inclusive",
                                "true")),
                Arguments.of(
                        "targetXID",
                        target(null, "7412", null, null, null, null, false),
                        Map.of("recovery_target_xid", "7412", "recovery_target_inclusive", "true")),
                Arguments.of(
                        "targetName on the latest timeline",
                        target("latest", null, "before-upgrade", null, null, null, null),
                        Map.of(
                                "recovery_target_name",
                                "before-upgrade",
                                "recovery_target_timeline",
                                "latest",
                                "recovery_target_inclusive",
                                "true")),
                Arguments.of(
                        "targetImmediate",
                        target(null, null, null, null, null, true, null),
                        Map.of("recovery_target", "immediate", "recovery_target_inclusive", "true")),
                Arguments.of(
                        "targetImmediate false is no target",
                        target(null, null, null, null, null, false, null),
                        Map.of("recovery_target_inclusive", "true")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void mapsTheTargetAsCloudNativePgDoes(String name, RecoveryTarget target, Map<String, String> settings) {
        assertThat(RecoveryTargetSettings.of(target)).containsExactlyInAnyOrderEntriesOf(settings);
    }

    @Test
    void noRecoveryTargetAtAllMeansNoSettings() {
        assertThat(RecoveryTargetSettings.of(null)).isEmpty();
    }

    @Test
    void aTargetTimeThatIsNoTimestampIsRefused() {
        assertThatThrownBy(() -> RecoveryTargetSettings.of(target(null, null, null, null, "last tuesday", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("last tuesday");
    }

    private static RecoveryTarget target(
            String tli, String xid, String name, String lsn, String time, Boolean immediate, Boolean exclusive) {
        return new RecoveryTarget(null, tli, xid, name, lsn, time, immediate, exclusive);
    }
}

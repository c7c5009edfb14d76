package io.cairn.backup.volumesnapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CloudNativePG's cnpg.io/fencedInstances annotation. */
class FencedInstancesTest {

    @Test
    void noAnnotationFencesNothingAndFencingOneWritesAJsonList() {
        FencedInstances none = FencedInstances.parse(null);

        FencedInstances one = none.with("pg-2");

        assertThat(none.names()).isEmpty();
        assertThat(one.annotation()).isEqualTo("[\"pg-2\"]");
        assertThat(one.fences("pg-2")).isTrue();
        assertThat(one.fencesOtherThan("pg-2")).isFalse();
        assertThat(one.with("pg-2")).isEqualTo(one);
    }

    @Test
    void liftingTheLastFenceRemovesTheAnnotation() {
        assertThat(FencedInstances.parse("[\"pg-2\"]").without("pg-2").annotation())
                .isNull();
    }

    @Test
    void theWildcardFencesEveryInstance() {
        FencedInstances all = FencedInstances.parse("[\"*\"]");

        assertThat(all.fences("pg-1")).isTrue();
        assertThat(all.fencesOtherThan("pg-1")).isTrue();
    }

    @Test
    void otherFencedInstancesAreKept() {
        assertThat(FencedInstances.parse("[\"pg-3\"]")
                        .with("pg-2")
                        .without("pg-2")
                        .names())
                .isEqualTo(List.of("pg-3"));
    }

    @Test
    void anUnreadableAnnotationIsRefused() {
        assertThatThrownBy(() -> FencedInstances.parse("pg-2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cnpg.io/fencedInstances");
    }
}

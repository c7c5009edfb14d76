package io.cairn.local.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackAddressPoolTest {

    @TempDir
    Path leases;

    @Test
    void handsOutAddressesRoundRobinAndNeverTwice() {
        try (LoopbackAddressPool pool = new LoopbackAddressPool("127.0.0.2", "127.0.0.4", leases)) {
            assertThat(pool.allocate("a", Optional.empty())).isEqualTo("127.0.0.2");
            assertThat(pool.allocate("b", Optional.empty())).isEqualTo("127.0.0.3");
            pool.release("127.0.0.2");
            assertThat(pool.allocate("c", Optional.empty())).as("not the one just released").isEqualTo("127.0.0.4");
            assertThat(pool.allocate("d", Optional.empty())).isEqualTo("127.0.0.2");
            assertThatThrownBy(() -> pool.allocate("e", Optional.empty()))
                    .hasMessageContaining("no free loopback address in 127.0.0.2-127.0.0.4");
        }
    }

    @Test
    void aPreferredAddressIsTakenWhenFree() {
        try (LoopbackAddressPool pool = new LoopbackAddressPool("127.0.0.2", "127.0.0.254", leases)) {
            assertThat(pool.allocate("a", Optional.of("127.0.0.77"))).isEqualTo("127.0.0.77");
            assertThat(pool.allocate("b", Optional.of("127.0.0.77"))).isEqualTo("127.0.0.2");
            assertThat(pool.allocate("c", Optional.of("10.0.0.1"))).isEqualTo("127.0.0.3");
        }
    }

    @Test
    void twoPoolsSharingALeaseDirectoryNeverHandOutTheSameAddress() {
        try (LoopbackAddressPool first = new LoopbackAddressPool("127.0.0.2", "127.0.0.3", leases);
                LoopbackAddressPool second = new LoopbackAddressPool("127.0.0.2", "127.0.0.3", leases)) {
            assertThat(first.allocate("a", Optional.empty())).isEqualTo("127.0.0.2");
            assertThat(second.allocate("b", Optional.empty())).isEqualTo("127.0.0.3");
            assertThatThrownBy(() -> second.allocate("c", Optional.empty())).isInstanceOf(IllegalStateException.class);
            first.close();
            assertThat(second.allocate("c", Optional.empty())).isEqualTo("127.0.0.2");
        }
    }
}

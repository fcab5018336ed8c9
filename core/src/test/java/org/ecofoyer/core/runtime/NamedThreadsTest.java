package org.ecofoyer.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class NamedThreadsTest {
    @Test
    void poolThreadsAreNumberedDaemonsUnderTheProductPrefix() {
        ThreadFactory f = NamedThreads.pool("recompute");
        Thread a = f.newThread(() -> { });
        Thread b = f.newThread(() -> { });
        assertThat(a.getName()).isEqualTo("ecofoyer-recompute-1");
        assertThat(b.getName()).isEqualTo("ecofoyer-recompute-2");
        assertThat(a.isDaemon()).isTrue();
    }

    @Test
    void singleThreadsAndDedicatedThreadsCarryTheirRole() {
        assertThat(NamedThreads.single("mqtt-connect").newThread(() -> { }).getName()).isEqualTo("ecofoyer-mqtt-connect");
        Thread t = NamedThreads.thread("serial-/dev/ttyUSB0", () -> { });
        assertThat(t.getName()).isEqualTo("ecofoyer-serial-/dev/ttyUSB0");
        assertThat(t.isDaemon()).isTrue();
        assertThat(t.isAlive()).isFalse();
    }

    @Test
    void aRoleIsRequired() {
        assertThatThrownBy(() -> NamedThreads.pool(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}

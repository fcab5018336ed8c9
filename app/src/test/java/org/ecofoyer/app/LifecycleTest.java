package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    @Test
    void servicesStopInReverseOrderOfStartOnceAndAFailureDoesNotKeepTheNextFromStopping() throws Exception {
        List<String> stopped = new ArrayList<>();
        Lifecycle life = new Lifecycle();
        life.started("database", () -> stopped.add("database"));
        life.started("ingest", () -> stopped.add("ingest"));
        life.started("recompute", () -> {
            throw new IllegalStateException("stuck");
        });
        life.started("HTTP server", () -> stopped.add("HTTP server"));

        life.close();
        life.close();
        life.awaitStopped();

        assertThat(stopped).containsExactly("HTTP server", "ingest", "database");
    }

    @Test
    void aServiceStartedAfterTheStopIsStoppedAtOnceAndStartUpEnds() {
        List<String> stopped = new ArrayList<>();
        Lifecycle life = new Lifecycle();
        life.started("database", () -> stopped.add("database"));
        life.close(); // SIGTERM during start-up

        assertThatThrownBy(() -> life.started("ingest", () -> stopped.add("ingest")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(stopped).containsExactly("database", "ingest");
    }
}

package org.ecofoyer.app;

import org.ecofoyer.storage.TestServices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;

class LoadtestCliTest {
    @Test
    void aRateAboveOneFramePerSecondIsAUsageError() {
        CliTest.Result r = CliTest.run("loadtest", "--mqtt", "tcp://127.0.0.1:1", "--gateways", "2", "--rate", "2", "--duration", "5s");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--rate");
    }

    @Test
    void aShortLoadTestStoresEverythingOnceAndEndsWithItsContractLine() {
        String url = TestServices.require("ECO_TEST_MQTT_URL");
        Map<String, String> env = Map.of("ECOFOYER_STORAGE_URL", TestDatabases.newEmptyDatabaseUrl(), "ECOFOYER_STORAGE_USER", "postgres");

        CliTest.Result r = CliTest.run(env, "loadtest", "--mqtt", url, "--gateways", "5", "--rate", "1", "--duration", "4s");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("loadtest: gateways=5 frames=\\d+ readings=\\d+ readings_per_s=\\d+ lost=0"
                + " duplicates=0 p99_commit_ms=\\d+");
        assertThat(r.out()).contains("0 unexpected");
    }
}

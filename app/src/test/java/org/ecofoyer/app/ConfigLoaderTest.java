package org.ecofoyer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.ecofoyer.app.config.ConfigException;
import org.ecofoyer.app.config.ConfigLoader;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.tic.TicModeSetting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path yaml(String text) throws IOException {
        Path f = dir.resolve("ecofoyer.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void noFileAndNoEnvironmentGivesWorkingDefaults() {
        EcofoyerConfig c = loader.load(null, Map.of());
        assertThat(c.dataDir()).isEqualTo("./data");
        assertThat(c.storage().embedded()).isTrue();
        assertThat(c.storage().retentionDays()).isEqualTo(400);
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void fileValuesAreRead() throws IOException {
        EcofoyerConfig c = loader.load(yaml("""
                http:
                  port: 9090
                storage:
                  url: jdbc:postgresql://db.example:5432/eco
                  pool-size: 4
                  connect-timeout: 3s
                  read-url: jdbc:postgresql://replica.example:5432/eco
                  read-max-lag: 500ms
                """), Map.of());
        assertThat(c.storage().readUrl()).isEqualTo("jdbc:postgresql://replica.example:5432/eco");
        assertThat(c.storage().readMaxLag()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.storage().url()).isEqualTo("jdbc:postgresql://db.example:5432/eco");
        assertThat(c.storage().poolSize()).isEqualTo(4);
        assertThat(c.storage().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        EcofoyerConfig c = loader.load(yaml("http:\n  port: 9090\n"),
                Map.of("ECOFOYER_HTTP_PORT", "7070", "ECOFOYER_STORAGE_POOL_SIZE", "3", "PATH", "/bin"));
        assertThat(c.http().port()).isEqualTo(7070);
        assertThat(c.storage().poolSize()).isEqualTo(3);
    }

    @Test
    void unknownKeyIsRejectedWithItsPathAndTheKnownKeys() throws IOException {
        Path f = yaml("storage:\n  pool-sise: 4\n");
        assertThatThrownBy(() -> loader.load(f, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown configuration key 'storage.pool-sise'")
                .hasMessageContaining("pool-size");
    }

    @Test
    void unknownEnvironmentVariableIsRejected() {
        assertThatThrownBy(() -> loader.load(null, Map.of("ECOFOYER_HTTP_PROT", "1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ECOFOYER_HTTP_PROT")
                .hasMessageContaining("ECOFOYER_HTTP_PORT");
    }

    @Test
    void badValueTypeNamesTheKeyAndTheExpectedForm() throws IOException {
        Path f = yaml("http:\n  port: eighty\n");
        assertThatThrownBy(() -> loader.load(f, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http.port'")
                .hasMessageContaining("whole number")
                .hasMessageContaining("eighty");
    }

    @Test
    void outOfRangeValueNamesTheKey() {
        assertThatThrownBy(() -> loader.load(null, Map.of("ECOFOYER_HTTP_PORT", "70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http.port'")
                .hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> loader.load(null, Map.of("ECOFOYER_STORAGE_URL", "mysql://x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'storage.url'")
                .hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void badDurationNamesTheKeyAndTheForm() {
        assertThatThrownBy(() -> loader.load(null, Map.of("ECOFOYER_STORAGE_CONNECT_TIMEOUT", "soon")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'storage.connect-timeout'")
                .hasMessageContaining("10s");
    }

    @Test
    void gatewayFormatsAndSerialModesAreTypedWhenTheFileIsRead() throws IOException {
        EcofoyerConfig c = loader.load(yaml("""
                ingest:
                  gateways:
                    - { topic: tele/linky-42/SENSOR, meter: M1, format: Tasmota }
                    - { topic: ecofoyer/gw/gw-7/tic, meter: M2 }
                  serial:
                    - { port: /dev/ttyUSB0, meter: M3, mode: historique }
                    - { port: /dev/ttyUSB1, meter: M4 }
                """), Map.of());
        assertThat(c.ingest().gateways()).extracting(g -> g.format())
                .containsExactly(GatewayFormat.TASMOTA, GatewayFormat.RAW);
        assertThat(c.ingest().serial()).extracting(s -> s.mode())
                .containsExactly(TicModeSetting.HISTORIQUE, TicModeSetting.AUTO);
    }

    @Test
    void badGatewayFormatOrSerialModeNamesTheKeyAndTheAcceptedValues() throws IOException {
        Path format = yaml("ingest:\n  gateways:\n    - { topic: t/1, meter: M1, format: json }\n");
        assertThatThrownBy(() -> loader.load(format, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'ingest.gateways[0].format'")
                .hasMessageContaining("raw, tasmota, teleinfo2mqtt, zlinky or esphome")
                .hasMessageContaining("json");
        Path mode = yaml("ingest:\n  serial:\n    - { port: /dev/ttyUSB0, meter: M1, mode: fast }\n");
        assertThatThrownBy(() -> loader.load(mode, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'ingest.serial[0].mode'")
                .hasMessageContaining("auto, historique or standard")
                .hasMessageContaining("fast");
    }

    @Test
    void invalidYamlAndMissingFileAreReported() throws IOException {
        Path f = yaml("http: [unclosed\n");
        assertThatThrownBy(() -> loader.load(f, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> loader.load(dir.resolve("nope.yaml"), Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void everyKeyHasItsEnvironmentVariable() {
        assertThat(ConfigLoader.environmentKeys())
                .containsEntry("ECOFOYER_STORAGE_POOL_SIZE", "storage.pool-size")
                .containsEntry("ECOFOYER_STORAGE_READ_URL", "storage.read-url")
                .containsEntry("ECOFOYER_STORAGE_READ_MAX_LAG", "storage.read-max-lag")
                .containsEntry("ECOFOYER_HTTP_PORT", "http.port")
                .containsEntry("ECOFOYER_DATA_DIR", "data-dir");
    }

    /** Live broker provisioning (#14): off by default; its administrator needs its password, which is never printed. */
    @Test
    void dynamicSecurityIsOffByDefaultAndItsPasswordIsNeverShown() {
        assertThat(loader.load(null, Map.of()).ingest().dynamicSecurity().enabled()).isFalse();
        EcofoyerConfig c = loader.load(null, Map.of("ECOFOYER_INGEST_DYNAMIC_SECURITY_USERNAME", "broker-admin",
                "ECOFOYER_INGEST_DYNAMIC_SECURITY_PASSWORD", "s3cret-admin"));
        assertThat(c.ingest().dynamicSecurity().enabled()).isTrue();
        assertThat(c.ingest().dynamicSecurity().urlOr("tcp://ingest:1883")).isEqualTo("tcp://ingest:1883");
        assertThat(c.toString()).contains("broker-admin").doesNotContain("s3cret-admin");
        assertThatThrownBy(() -> loader.load(null, Map.of("ECOFOYER_INGEST_DYNAMIC_SECURITY_USERNAME", "broker-admin")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.dynamic-security.password");
    }
}

package org.ecofoyer.app;

import org.ecofoyer.storage.TestServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.gateway.GatewayResult;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code tic} commands end to end, through {@link Main#run}. */
class TicCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path capture(Path dir, String name) throws IOException {
        try (InputStream in = TicCommandTest.class.getResourceAsStream("/tic/" + name)) {
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    private static List<JsonNode> lines(String out) throws IOException {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.split("\n")) {
            if (!s.isBlank()) {
                l.add(JSON.readTree(s));
            }
        }
        return l;
    }

    @Test
    void decodePrintsTheExactContractForTheEnedisHistoriqueFrame(@TempDir Path dir) throws Exception {
        CliTest.Result r = CliTest.run("tic", "decode", capture(dir, "enedis-oss_tic2websocket__ticFrameHistoric.txt").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("{\"mode\":\"historique\",\"groups\":{\"ADCO\":\"812164417227\",\"OPTARIF\":\"BASE\",\"ISOUSC\":\"15\","
                + "\"BASE\":\"000000104\",\"PTEC\":\"TH..\",\"IINST\":\"000\",\"IMAX\":\"000\",\"PAPP\":\"00000\",\"MOTDETAT\":\"000000\"},"
                + "\"horodates\":{},\"invalid_groups\":0}\n");
        assertThat(r.err()).isEqualTo("frames=1 groups=9 invalid_groups=0 interrupted=0 noise_bytes=0\n");
    }

    @Test
    void decodeStandardFrameWithHorodatesAndAnInvalidGroup(@TempDir Path dir) throws Exception {
        CliTest.Result r = CliTest.run("tic", "decode", "--mode", "standard",
                capture(dir, "enedis-oss_tic2websocket__ticFrameStandard_PCOUP_Invalid.txt").toString());
        assertThat(r.code()).isZero();
        List<JsonNode> l = lines(r.out());
        assertThat(l).hasSize(1);
        JsonNode f = l.get(0);
        assertThat(f.get("mode").asText()).isEqualTo("standard");
        assertThat(f.get("invalid_groups").asInt()).isEqualTo(1);
        assertThat(f.get("groups").size()).isEqualTo(37);
        assertThat(f.get("groups").has("PCOUP")).isFalse();
        assertThat(f.get("groups").get("DATE").asText()).isEmpty();
        assertThat(f.get("groups").get("UMOY1").asText()).isEqualTo("230");
        assertThat(f.get("horodates").get("DATE").asText()).isEqualTo("2017-09-15T10:16:01+02:00");
        assertThat(f.get("horodates").get("SMAXSN-1").asText()).isEqualTo("2017-09-13T00:00:00+02:00");
        assertThat(f.get("horodates").size()).isEqualTo(6);
        assertThat(r.err()).isEqualTo("frames=1 groups=37 invalid_groups=1 interrupted=0 noise_bytes=0\n");
    }

    @Test
    void decodeTheCorruptedCaptureWithItsExactCounts(@TempDir Path dir) throws Exception {
        CliTest.Result r = CliTest.run("tic", "decode", capture(dir, "hallard_tinfo_replay__stand_base.txt").toString());
        assertThat(r.code()).isZero();
        List<JsonNode> l = lines(r.out());
        assertThat(l).hasSize(2).allSatisfy(f -> {
            assertThat(f.get("invalid_groups").asInt()).isEqualTo(9);
            assertThat(f.get("groups").size()).isEqualTo(35);
        });
        assertThat(r.err()).isEqualTo("frames=2 groups=70 invalid_groups=18 interrupted=0 noise_bytes=1\n");
    }

    @Test
    void decodeDoesNotPrintACutOffFrame(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(capture(dir, "hallard_tinfo_replay__histo_base.txt"));
        Path cut = dir.resolve("cut.txt");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 10));
        CliTest.Result r = CliTest.run("tic", "decode", cut.toString());
        assertThat(lines(r.out())).hasSize(9);
        assertThat(r.err()).isEqualTo("frames=9 groups=109 invalid_groups=0 interrupted=1 noise_bytes=1\n");
    }

    @Test
    void decodeUsageAndRuntimeErrors(@TempDir Path dir) {
        CliTest.Result bad = CliTest.run("tic", "decode", "--mode", "turbo", "x");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--mode").contains("auto, historique or standard");
        assertThat(CliTest.run("tic", "decode").code()).isEqualTo(2);
        CliTest.Result missing = CliTest.run("tic", "decode", dir.resolve("nope.txt").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read").contains("nope.txt");
    }

    @Test
    void simulateToAFileThenDecodeIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sim.tic");
        CliTest.Result s = CliTest.run("tic", "simulate", "--mode", "standard", "--option", "tempo", "--phases", "3", "--producer",
                "--rate", "0", "--frames", "30", "--start", "2026-01-15T18:00:00Z", "--out", f.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.err()).contains("30 frame(s) sent, 0 group(s) corrupted");
        CliTest.Result d = CliTest.run("tic", "decode", f.toString());
        List<JsonNode> l = lines(d.out());
        assertThat(l).hasSize(30).allSatisfy(x -> {
            assertThat(x.get("mode").asText()).isEqualTo("standard");
            assertThat(x.get("invalid_groups").asInt()).isZero();
            assertThat(x.get("groups").has("EAIT")).isTrue();
            assertThat(x.get("groups").has("SINSTS3")).isTrue();
        });
        assertThat(l.get(0).get("horodates").get("DATE").asText()).isEqualTo("2026-01-15T19:00:00+01:00");
        assertThat(l.get(29).get("horodates").get("DATE").asText()).isEqualTo("2026-01-15T19:00:29+01:00");
        assertThat(Long.parseLong(l.get(29).get("groups").get("EAST").asText()))
                .isGreaterThanOrEqualTo(Long.parseLong(l.get(0).get("groups").get("EAST").asText()));
    }

    @Test
    void simulateWithCorruption(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sim.tic");
        CliTest.Result s = CliTest.run("tic", "simulate", "--mode", "historique", "--option", "hphc", "--error-rate", "0.2",
                "--rate", "0", "--frames", "50", "--out", f.toString());
        assertThat(s.code()).isZero();
        long corrupted = Long.parseLong(s.err().replaceAll("(?s).*sent, (\\d+) group.*", "$1"));
        assertThat(corrupted).isPositive();
        CliTest.Result d = CliTest.run("tic", "decode", f.toString());
        assertThat(d.err()).contains("frames=50 ").contains("invalid_groups=" + corrupted + " ");
    }

    @Test
    void simulateUsageErrors(@TempDir Path dir) {
        assertThat(CliTest.run("tic", "simulate", "--mode", "standard").code()).isEqualTo(2);
        assertThat(CliTest.run("tic", "simulate", "--mode", "auto", "--out", "x").code()).isEqualTo(2);
        assertThat(CliTest.run("tic", "simulate", "--mode", "historique", "--producer", "--out", "x").err()).contains("producer");
        assertThat(CliTest.run("tic", "simulate", "--mode", "standard", "--option", "week-end", "--out", "x").err()).contains("option");
        assertThat(CliTest.run("tic", "simulate", "--mode", "standard", "--mqtt", "tcp://h:1").err()).contains("--topic");
        assertThat(CliTest.run("tic", "simulate", "--mode", "standard", "--rate", "0", "--out", dir.resolve("x").toString()).code()).isEqualTo(2);
        assertThat(CliTest.run("tic", "simulate", "--mode", "standard", "--out", "x", "--port", "y").code()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ serial, through socat

    private static String socat() {
        return TestServices.require("ECO_TEST_SOCAT");
    }

    @ParameterizedTest
    @CsvSource({"historique,hphc", "standard,tempo"})
    void probeFindsTheModeOfASimulatedMeterThroughAPtyPair(String mode, String option, @TempDir Path dir) throws Exception {
        Path meter = dir.resolve("meter");
        Path dongle = dir.resolve("dongle");
        Process socat = new ProcessBuilder(socat(), "pty,raw,echo=0,link=" + meter, "pty,raw,echo=0,link=" + dongle)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(meter) && Files.exists(dongle));
            CompletableFuture<CliTest.Result> sim = CompletableFuture.supplyAsync(() -> CliTest.run("tic", "simulate", "--mode", mode,
                    "--option", option, "--rate", "20", "--frames", "100000", "--port", meter.toString()));
            CliTest.Result probe = CliTest.run("tic", "probe", dongle.toString(), "--frames", "3", "--timeout", "20");
            assertThat(probe.code()).as(probe.err()).isZero();
            String[] out = probe.out().split("\n");
            assertThat(out[0]).startsWith("found " + mode + " mode on " + dongle);
            assertThat(out).hasSize(4);
            assertThat(out[1]).startsWith("meter 0221").contains("| index ").contains(" Wh |").endsWith("errors 0.0% (last 1 frames)");
            CliTest.Result json = CliTest.run("tic", "probe", dongle.toString(), "--json", "--frames", "1", "--timeout", "20");
            assertThat(JSON.readTree(json.out().trim()).get("mode").asText()).isEqualTo(mode);
            socat.destroy();
            assertThat(sim.get(30, TimeUnit.SECONDS).code()).isIn(0, 1); // the port vanished under the simulator
        } finally {
            socat.destroy();
            socat.waitFor();
        }
    }

    @Test
    void probeGivesUpWithAClearMessageWhenNothingArrives(@TempDir Path dir) {
        CliTest.Result r = CliTest.run("tic", "probe", dir.resolve("ttyNothing").toString(), "--frames", "1", "--timeout", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("no TIC frame").contains("port not open");
    }

    // ------------------------------------------------------------------ MQTT

    @Test
    void simulateAsATasmotaGatewayOnMosquitto() throws Exception {
        String url = TestServices.require("ECO_TEST_MQTT_URL");
        String topic = "tele/sim-" + System.nanoTime() + "/SENSOR";
        List<byte[]> got = new CopyOnWriteArrayList<>();
        MqttClient sub = new MqttClient(url, "t-" + System.nanoTime(), new MemoryPersistence());
        sub.connect();
        try {
            // subscribe(String, int, listener) recurses forever in Paho 1.2.5: use the array form.
            sub.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {new org.eclipse.paho.mqttv5.common.MqttSubscription(topic, 1)},
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {(t, m) -> got.add(m.getPayload())});
            CliTest.Result r = CliTest.run(Map.of(), "tic", "simulate", "--mode", "historique", "--option", "hphc", "--rate", "0",
                    "--frames", "3", "--mqtt", url, "--topic", topic, "--format", "tasmota");
            assertThat(r.code()).as(r.err()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 3);
            for (byte[] p : got) {
                GatewayResult res = GatewayFormat.TASMOTA.codec().decode(topic, p);
                assertThat(res.ok()).as(new String(p, StandardCharsets.UTF_8)).isTrue();
                assertThat(((GatewayResult.Decoded) res).frame().totalIndex()).isPresent();
            }
        } finally {
            sub.disconnect();
            sub.close();
        }
    }
}

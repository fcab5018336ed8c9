package org.ecofoyer.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.ecofoyer.gateway.Checklist.Status;
import org.junit.jupiter.api.Test;

/** The commissioning checklist and its diagnoses, derived from fixed facts at fixed instants. */
class ChecklistTest {
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    static final String SERIAL = "021861348497";
    static final Map<String, Long> SENT = Map.of("index.total", 12_345_678L, "power.apparent", 1_450L, "index.SUPPLIER_01", 12_345_678L,
            "current.1", 6L, "voltage.1", 231L);
    static final Checklist.LastValues VALUES = new Checklist.LastValues(NOW.minusSeconds(2), Map.of("index.total", 12_345_000L));

    static Gateway gateway(Firmware f, TicMode mode) {
        return new Gateway("gw-k3x9ab", "martin", "PRM-1", SERIAL, f, mode, f.topic("gw-k3x9ab", SERIAL), "gw-k3x9ab",
                "$7$101$x$y", GatewayState.NEW, null, NOW.minusSeconds(3600), null);
    }

    /** A gateway heard 3 s ago: 40 messages, 20 over the last minute, none damaged, standard mode, its own meter. */
    static GatewayActivity healthy() {
        return new GatewayActivity(NOW.minusSeconds(120), NOW.minusSeconds(3), 40, 0, 0, 160, 20, 0, TicMode.STANDARD, SERIAL,
                null, null, null, null, SENT);
    }

    static GatewayActivity with(GatewayActivity a, Instant lastSeen, int recent, int recentBad, TicMode mode, String meter,
                                Instant refused) {
        return new GatewayActivity(a.firstSeen(), lastSeen, a.messages(), a.badMessages(), a.foreignMessages(), a.readingsStored(),
                recent, recentBad, mode, meter, a.lastFault(), a.lastFaultDetail(), a.lastFaultAt(), refused, a.lastValues());
    }

    @Test
    void aGatewayHeardFromItsMeterInItsModeWithValuesStoredIsGreen() {
        Checklist c = Checklist.of(gateway(Firmware.TASMOTA, TicMode.STANDARD), healthy(), NOW, true, VALUES);
        assertThat(c.state()).isEqualTo(GatewayState.RECEIVING);
        assertThat(c.items()).extracting(Checklist.Item::id).containsExactlyElementsOf(Checklist.ITEMS);
        assertThat(c.items()).allMatch(i -> i.status() == Status.OK);
        assertThat(c.green()).isTrue();
        assertThat(c.diagnoses()).isEmpty();
        assertThat(c.item("messages").detail()).isEqualTo("40 message(s), the last 3 s ago");
        assertThat(c.item("stored").detail()).isEqualTo("readings of meter PRM-1 stored, the last at 2026-03-02T09:59:58Z");
        assertThat(c.item("values").detail()).isEqualTo("index.total=12345678, power.apparent=1450, current.1=6, voltage.1=231 (+1 more)");
        // nothing in the store yet (downsampling writes the first values at the meter's slot): the check waits
        Checklist notYet = Checklist.of(gateway(Firmware.TASMOTA, TicMode.STANDARD), healthy(), NOW, true, Checklist.LastValues.NONE);
        assertThat(notYet.item("stored").status()).isEqualTo(Status.WAITING);
        assertThat(notYet.item("stored").detail()).isEqualTo("160 reading(s) accepted, none stored yet: the first are written within a minute");
        assertThat(notYet.green()).isFalse();
    }

    @Test
    void aGatewayNeverHeardIsNewAndSaysWhatToCheck() {
        Checklist c = Checklist.of(gateway(Firmware.TASMOTA, TicMode.AUTO), GatewayActivity.NONE, NOW, true, Checklist.LastValues.NONE);
        assertThat(c.state()).isEqualTo(GatewayState.NEW);
        assertThat(c.green()).isFalse();
        assertThat(c.item("broker").status()).isEqualTo(Status.OK);
        assertThat(c.item("messages").status()).isEqualTo(Status.WAITING);
        assertThat(c.diagnoses()).extracting(Checklist.Diagnosis::code).containsExactly("never-seen");
        assertThat(c.diagnoses().get(0).text()).contains("tele/gw-k3x9ab/SENSOR", "ecofoyer gateway config gw-k3x9ab");
        assertThat(Checklist.of(gateway(Firmware.TASMOTA, TicMode.AUTO), GatewayActivity.NONE, NOW, false, Checklist.LastValues.NONE)
                .diagnoses()).extracting(Checklist.Diagnosis::code).containsExactly("broker-down", "never-seen");
    }

    @Test
    void sixtySecondsOfSilenceIsStillReceivingSixtyOneIsSilentAndPointsAtTheWiring() {
        Gateway g = gateway(Firmware.TASMOTA, TicMode.STANDARD);
        GatewayActivity at60 = with(healthy(), NOW.minus(Checklist.SILENCE), 0, 0, TicMode.STANDARD, SERIAL, null);
        assertThat(Checklist.state(g, at60, NOW)).isEqualTo(GatewayState.RECEIVING);
        GatewayActivity at61 = with(healthy(), NOW.minus(Checklist.SILENCE).minusSeconds(1), 0, 0, TicMode.STANDARD, SERIAL, null);
        Checklist c = Checklist.of(g, at61, NOW, true, VALUES);
        assertThat(c.state()).isEqualTo(GatewayState.SILENT);
        assertThat(c.item("messages").status()).isEqualTo(Status.FAILED);
        assertThat(c.diagnoses()).extracting(Checklist.Diagnosis::text)
                .containsExactly("nothing for 61 s: check the I1/I2 wiring between the meter and the gateway, then its power and network");
    }

    @Test
    void framesFromAnotherMeterNameBothMeters() {
        Checklist c = Checklist.of(gateway(Firmware.TASMOTA, TicMode.STANDARD),
                with(healthy(), NOW.minusSeconds(1), 20, 0, TicMode.STANDARD, "021861348498", null), NOW, true, VALUES);
        assertThat(c.state()).isEqualTo(GatewayState.WRONG_METER);
        assertThat(c.item("meter").status()).isEqualTo(Status.FAILED);
        assertThat(c.diagnoses()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("wrong-meter");
            assertThat(d.text()).startsWith("frames from meter 021861348498, this gateway is registered for 021861348497");
        });
    }

    @Test
    void aStandardMeterOnAGatewaySetToHistoriqueIsToldTheFirmwaresSetting() {
        GatewayActivity standard = with(healthy(), NOW.minusSeconds(1), 20, 0, TicMode.STANDARD, SERIAL, null);
        Checklist c = Checklist.of(gateway(Firmware.TASMOTA, TicMode.HISTORIQUE), standard, NOW, true, VALUES);
        assertThat(c.state()).isEqualTo(GatewayState.WRONG_MODE);
        assertThat(c.item("mode").status()).isEqualTo(Status.FAILED);
        assertThat(c.diagnoses()).singleElement().extracting(Checklist.Diagnosis::text).asString()
                .startsWith("the meter sends standard mode, the gateway is set to historique: set EnergyConfig Standard");
        assertThat(Checklist.of(gateway(Firmware.ESPHOME, TicMode.HISTORIQUE), standard, NOW, true, VALUES).diagnoses().get(0).text())
                .contains("baud_rate to 9600 and teleinfo's historical_mode to false");
        // auto takes whichever mode the meter sends
        assertThat(Checklist.state(gateway(Firmware.TASMOTA, TicMode.AUTO), standard, NOW)).isEqualTo(GatewayState.RECEIVING);
    }

    @Test
    void mostMessagesDamagedIsReadAsTheWrongSpeedAFewAsWiring() {
        Gateway g = gateway(Firmware.RAW, TicMode.AUTO);
        Checklist garbage = Checklist.of(g, with(healthy(), NOW.minusSeconds(1), 10, 5, null, null, null), NOW, true, VALUES);
        assertThat(garbage.state()).isEqualTo(GatewayState.WRONG_MODE);
        assertThat(garbage.diagnoses()).extracting(Checklist.Diagnosis::code).containsExactly("wrong-speed");
        assertThat(garbage.diagnoses().get(0).text()).startsWith("50 % of the messages fail their checksums: the gateway probably reads");
        // too few messages to call it a speed: a wiring fault
        Checklist few = Checklist.of(g, with(healthy(), NOW.minusSeconds(1), 4, 4, TicMode.STANDARD, SERIAL, null), NOW, true, VALUES);
        assertThat(few.state()).isEqualTo(GatewayState.RECEIVING);
        assertThat(few.diagnoses()).extracting(Checklist.Diagnosis::code).containsExactly("errors");
        // 1 in 10 damaged: red, a wiring fault; 1 in 20 is the limit, still green
        Checklist tenth = Checklist.of(g, with(healthy(), NOW.minusSeconds(1), 10, 1, TicMode.STANDARD, SERIAL, null), NOW, true, VALUES);
        assertThat(tenth.item("errors").status()).isEqualTo(Status.FAILED);
        assertThat(tenth.diagnoses()).extracting(Checklist.Diagnosis::text)
                .containsExactly("10 % of the messages fail their checksums: a loose I1/I2 wire, a long or unshielded cable, or interference");
        Checklist twentieth = Checklist.of(g, with(healthy(), NOW.minusSeconds(1), 20, 1, TicMode.STANDARD, SERIAL, null), NOW, true, VALUES);
        assertThat(twentieth.item("errors").status()).isEqualTo(Status.OK);
        assertThat(twentieth.green()).isTrue();
    }

    @Test
    void refusedCredentialsHoldUntilTheGatewayIsHeardAgain() {
        Gateway g = gateway(Firmware.TASMOTA, TicMode.STANDARD);
        GatewayActivity refusedAfter = with(healthy(), NOW.minusSeconds(10), 20, 0, TicMode.STANDARD, SERIAL, NOW.minusSeconds(5));
        Checklist c = Checklist.of(g, refusedAfter, NOW, true, VALUES);
        assertThat(c.state()).isEqualTo(GatewayState.BAD_CREDENTIALS);
        assertThat(c.item("broker").status()).isEqualTo(Status.FAILED);
        assertThat(c.diagnoses()).extracting(Checklist.Diagnosis::code).containsExactly("bad-credentials");
        assertThat(c.diagnoses().get(0).text()).startsWith("bad credentials: the broker refuses gw-k3x9ab's user name or password");
        assertThat(Checklist.state(g, with(GatewayActivity.NONE, null, 0, 0, null, null, NOW.minusSeconds(5)), NOW))
                .isEqualTo(GatewayState.BAD_CREDENTIALS);
        GatewayActivity heardSince = with(healthy(), NOW.minusSeconds(1), 20, 0, TicMode.STANDARD, SERIAL, NOW.minusSeconds(5));
        assertThat(Checklist.state(g, heardSince, NOW)).isEqualTo(GatewayState.RECEIVING);
        assertThat(Duration.between(heardSince.credentialsRefusedAt(), heardSince.lastSeen())).isPositive();
    }
}

package org.ecofoyer.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.InstantsConfig;
import org.junit.jupiter.api.Test;

/** Which instant a message's readings get: the meter's DATE, else the gateway's checked timestamp, else reception. */
class TicMessageDecoderTest {
    private static final TicMessageDecoder DECODER = new TicMessageDecoder(
            new InstantsConfig(Duration.ofMinutes(10), Duration.ofHours(2), ZoneId.of("Europe/Paris"), null));
    private static final GatewayConfig TASMOTA = new GatewayConfig("tele/linky/SENSOR", "M1", "021528603314", GatewayFormat.TASMOTA);
    private static final GatewayConfig ZLINKY = new GatewayConfig("zigbee2mqtt/linky", "M1", null, GatewayFormat.ZLINKY);

    private static byte[] tasmota(String time) {
        return ("{" + (time == null ? "" : "\"Time\":\"" + time + "\",")
                + "\"TIC\":{\"ADCO\":\"021528603314\",\"BASE\":1234567,\"PAPP\":860}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void tasmotasTimeIsLocalTimeOfTheGatewaysZoneAndIsUsedWhenTheClockTrustsIt() {
        Instant received = Instant.parse("2026-03-01T10:00:30Z");
        // 11:00:00 in Paris (UTC+1 in March) = 10:00:00Z, thirty seconds before reception: a queued message
        MessageDecoder.Decoded d = DECODER.decode(TASMOTA, TASMOTA.topic(), tasmota("2026-03-01T11:00:00"), received);
        assertThat(d.stamp()).isEqualTo(MessageDecoder.Stamp.GATEWAY);
        assertThat(d.gatewayClockRejected()).isFalse();
        assertThat(d.readings()).extracting(Reading::instant).containsOnly(Instant.parse("2026-03-01T10:00:00Z"));
    }

    @Test
    void aGatewayTimeOutsideTheBoundsFallsBackToReception() {
        Instant received = Instant.parse("2026-03-01T10:00:30Z");
        for (String wrong : new String[] {"1970-01-01T00:00:12", "2026-03-01T14:00:00", "2026-03-01T07:59:00"}) {
            MessageDecoder.Decoded d = DECODER.decode(TASMOTA, TASMOTA.topic(), tasmota(wrong), received);
            assertThat(d.gatewayClockRejected()).as(wrong).isTrue();
            assertThat(d.stamp()).as(wrong).isEqualTo(MessageDecoder.Stamp.RECEPTION);
            assertThat(d.readings()).extracting(Reading::instant).as(wrong).containsOnly(received);
        }
        MessageDecoder.Decoded none = DECODER.decode(TASMOTA, TASMOTA.topic(), tasmota(null), received);
        assertThat(none.gatewayClockRejected()).isFalse();
        assertThat(none.stamp()).isEqualTo(MessageDecoder.Stamp.RECEPTION);
    }

    @Test
    void zigbee2mqttLastSeenWithAnOffsetOrInEpochMillisecondsIsTheGatewaysTime() {
        Instant received = Instant.parse("2026-03-01T10:00:30Z");
        String iso = "{\"current_summ_delivered\":1234.567,\"last_seen\":\"2026-03-01T11:00:10+01:00\"}";
        String epoch = "{\"current_summ_delivered\":1234.567,\"last_seen\":" + Instant.parse("2026-03-01T10:00:20Z").toEpochMilli() + "}";
        assertThat(DECODER.decode(ZLINKY, ZLINKY.topic(), iso.getBytes(StandardCharsets.UTF_8), received).readings())
                .extracting(Reading::instant).containsOnly(Instant.parse("2026-03-01T10:00:10Z"));
        assertThat(DECODER.decode(ZLINKY, ZLINKY.topic(), epoch.getBytes(StandardCharsets.UTF_8), received).readings())
                .extracting(Reading::instant).containsOnly(Instant.parse("2026-03-01T10:00:20Z"));
    }
}

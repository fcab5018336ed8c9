package org.ecofoyer.drivers.utility.enedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.utility.Samples;
import org.junit.jupiter.api.Test;

class EnedisParserTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void v5DailySample() {
        List<Reading> r = EnedisParser.daily("elec", EnedisParser.series(Samples.read(Samples.ENEDIS_V5_DAILY)), PARIS);
        // 2019-05-06 local midnight (CEST) is 2019-05-05 22:00 UTC
        assertThat(r).containsExactly(new Reading("elec", Instant.parse("2019-05-05T22:00:00Z"), "energy.daily", 540));
    }

    @Test
    void v5LoadCurveSampleIsStampedAtTheStartOfTheIntervalThatEndsAtItsDate() {
        List<Reading> r = EnedisParser.loadCurve("elec", EnedisParser.series(Samples.read(Samples.ENEDIS_V5_CURVE_SHORT)), PARIS);
        // 540 W over the half-hour ending 03:00 local (01:00 UTC): 270 Wh from 00:30 UTC
        assertThat(r).containsExactly(new Reading("elec", Instant.parse("2019-05-06T00:30:00Z"), "energy.interval.30", 270));
    }

    @Test
    void fullDayLoadCurvesAddUpToTheDailySamplesInBothFormats() {
        for (String sample : List.of(Samples.ENEDIS_V5_CURVE, Samples.ENEDIS_2026_CURVE)) {
            List<Reading> r = EnedisParser.loadCurve("elec", EnedisParser.series(Samples.read(sample)), PARIS);
            assertThat(r).hasSize(96);
            // first point: 4078 W ending 2026-09-29 00:30 CEST
            assertThat(r.get(0)).isEqualTo(new Reading("elec", Instant.parse("2026-09-28T22:00:00Z"), "energy.interval.30", 2039));
            // last point: 3974 W ending 2026-10-01 00:00 CEST
            assertThat(r.get(95)).isEqualTo(new Reading("elec", Instant.parse("2026-09-30T21:30:00Z"), "energy.interval.30", 1987));
            for (int i = 1; i < r.size(); i++) {
                assertThat(Duration.between(r.get(i - 1).instant(), r.get(i).instant())).isEqualTo(Duration.ofMinutes(30));
            }
            // the daily sample of the same PRM says 33495 Wh and 38022 Wh
            assertThat(r.subList(0, 48).stream().mapToLong(Reading::value).sum()).isEqualTo(33495);
            assertThat(r.subList(48, 96).stream().mapToLong(Reading::value).sum()).isEqualTo(38022);
        }
    }

    @Test
    void format2026DailyAndMaxPowerSamples() {
        assertThat(EnedisParser.daily("elec", EnedisParser.series(Samples.read(Samples.ENEDIS_2026_DAILY)), PARIS)).containsExactly(
                new Reading("elec", Instant.parse("2026-09-28T22:00:00Z"), "energy.daily", 33495),
                new Reading("elec", Instant.parse("2026-09-29T22:00:00Z"), "energy.daily", 38022));
        assertThat(EnedisParser.maxPower("elec", EnedisParser.series(Samples.read(Samples.ENEDIS_2026_MAX_POWER)), PARIS)).containsExactly(
                new Reading("elec", Instant.parse("2026-09-28T22:00:00Z"), "power.max.daily", 4680),
                new Reading("elec", Instant.parse("2026-09-29T22:00:00Z"), "power.max.daily", 6510));
    }

    @Test
    void autumnDstDayRepeatsTheTwoOClockHourAndEachPointKeepsItsOwnInstant() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET. Wall-clock ends 02:00, 02:30 come twice.
        String body = """
                {"meter_reading":{"usage_point_id":"99999999999991","start":"2026-10-25","end":"2026-10-26","quality":"BRUT",
                 "reading_type":{"unit":"W","measurement_kind":"power","aggregate":"average"},
                 "interval_reading":[
                  {"value":"1000","date":"2026-10-25 01:30:00","interval_length":"PT30M","measure_type":"B"},
                  {"value":"1002","date":"2026-10-25 02:00:00","interval_length":"PT30M","measure_type":"B"},
                  {"value":"1004","date":"2026-10-25 02:30:00","interval_length":"PT30M","measure_type":"B"},
                  {"value":"1006","date":"2026-10-25 02:00:00","interval_length":"PT30M","measure_type":"B"},
                  {"value":"1008","date":"2026-10-25 02:30:00","interval_length":"PT30M","measure_type":"B"},
                  {"value":"1010","date":"2026-10-25 03:00:00","interval_length":"PT30M","measure_type":"B"}]}}""";
        List<Reading> r = EnedisParser.loadCurve("e", EnedisParser.series(body), PARIS);
        assertThat(r).extracting(Reading::instant).containsExactly(
                Instant.parse("2026-10-24T23:00:00Z"), Instant.parse("2026-10-24T23:30:00Z"),
                Instant.parse("2026-10-25T00:00:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
                Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T01:30:00Z"));
        assertThat(r).extracting(Reading::value).containsExactly(500L, 501L, 502L, 503L, 504L, 505L);
    }

    @Test
    void springDstDaySkipsTheTwoOClockHour() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST. The half-hour ending at 01:00 UTC is labelled 03:00.
        String body = """
                {"idPrm":"99999999999991","grandeur":[{"unite":"W","points":[
                  {"v":"2000","d":"2026-03-29 01:30:00","p":"PT30M"},
                  {"v":"2000","d":"2026-03-29 03:00:00","p":"PT30M"},
                  {"v":"2000","d":"2026-03-29 03:30:00","p":"PT30M"}]}]}""";
        assertThat(EnedisParser.loadCurve("e", EnedisParser.series(body), PARIS)).extracting(Reading::instant).containsExactly(
                Instant.parse("2026-03-29T00:00:00Z"), Instant.parse("2026-03-29T00:30:00Z"), Instant.parse("2026-03-29T01:00:00Z"));
    }

    @Test
    void otherStepsAndUnits() {
        String body = """
                {"meter_reading":{"reading_type":{"unit":"W"},"interval_reading":[
                  {"value":"600","date":"2026-01-10 10:10:00","interval_length":"PT10M"}]}}""";
        assertThat(EnedisParser.loadCurve("e", EnedisParser.series(body), PARIS))
                .containsExactly(new Reading("e", Instant.parse("2026-01-10T09:00:00Z"), "energy.interval.10", 100));
        String kwh = "{\"meter_reading\":{\"reading_type\":{\"unit\":\"kWh\"},\"interval_reading\":[{\"value\":\"12.5\",\"date\":\"2026-01-10\"}]}}";
        assertThat(EnedisParser.daily("e", EnedisParser.series(kwh), PARIS)).extracting(Reading::value).containsExactly(12500L);
        String wrong = "{\"meter_reading\":{\"reading_type\":{\"unit\":\"VAR\"},\"interval_reading\":[{\"value\":\"1\",\"date\":\"2026-01-10\"}]}}";
        assertThatThrownBy(() -> EnedisParser.daily("e", EnedisParser.series(wrong), PARIS)).hasMessageContaining("unit 'VAR'");
        assertThatThrownBy(() -> EnedisParser.series("{\"foo\":1}")).hasMessageContaining("neither");
    }

    @Test
    void contractOfTheOpenApiExampleAndOffPeakWindows() {
        JsonObject body = new JsonObject("""
                {"customer":{"customer_id":"1358019319","usage_points":[{"usage_point":{"usage_point_id":"12345678910123",
                 "usage_point_status":"com","meter_type":"AMM"},"contracts":{"segment":"C5","subscribed_power":"9 kVA",
                 "last_activation_date":"2013-08-14+01:00","distribution_tariff":"BTINFCUST","offpeak_hours":"HC (23h00-7h30)",
                 "contract_type":"CRAE","contract_status":"SERVC"}}]}}""");
        EnedisClient.Contract c = EnedisClient.contract("12345678910123", body);
        assertThat(c.subscribedKva()).isEqualTo(9);
        assertThat(c.offPeak()).containsExactly(new EnedisParser.OffPeak(LocalTime.of(23, 0), LocalTime.of(7, 30)));
        assertThat(EnedisParser.offPeak("HC (1H30-8H00;12H30-14H00)")).containsExactly(
                new EnedisParser.OffPeak(LocalTime.of(1, 30), LocalTime.of(8, 0)),
                new EnedisParser.OffPeak(LocalTime.of(12, 30), LocalTime.of(14, 0)));
    }
}

package org.ecofoyer.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.ecofoyer.aggregation.maths.Amount;
import org.ecofoyer.aggregation.maths.Analysis;
import org.ecofoyer.aggregation.maths.Season;
import org.ecofoyer.aggregation.maths.Totals;
import org.junit.jupiter.api.Test;

/** The analysis answer's exact text: fields, order, nulls, rounding and the baseline's yearly kWh and cost. */
class AnalysisJsonTest {
    static final LocalDate FROM = LocalDate.of(2026, 10, 23);
    static final LocalDate TO = LocalDate.of(2026, 10, 24);

    @Test
    void anAnalysisWithItsBaselineCostAndRoundedMatrices() {
        double[] weekday = new double[48];
        weekday[2] = 250.12345;
        weekday[38] = 3000;
        double[] hours = new double[24];
        hours[1] = 0.18751;
        hours[19] = 1.5;
        Totals t = new Totals(4.0, 1.0, 0.25, false, 1, Map.of("HP", new Amount(3.0, 0.75), "HC", new Amount(1.0, null)));
        Analysis a = new Analysis(500.0, Map.of(Season.AUTUMN, 500.0, Season.WINTER, 1500.0), 3000.0, Instant.parse("2026-10-23T17:00:00Z"), LocalDateTime.parse("2026-10-23T19:00"),
                Map.of("HP", 0.75, "HC", 0.25), weekday, new double[48], List.of(new Analysis.DayHours(FROM, hours)), null, t);

        String json = AnalysisJson.write(a, FROM, TO).toString();

        // 500 W all year: 500 × 8.766 = 4,383 kWh, at 1.00 € / 4 kWh = 0.25 €/kWh: 1,095.75 €.
        assertThat(json).isEqualTo("{\"from\":\"2026-10-23\",\"to\":\"2026-10-24\",\"baselineW\":500.0,"
                + "\"baselineBySeason\":{\"winter\":1500.0,\"autumn\":500.0},\"baselineKwhPerYear\":4383.0,"
                + "\"baselineCostPerYear\":1095.75,\"averagePricePerKwh\":0.25,\"peakW\":3000.0,\"peakAt\":\"2026-10-23T17:00:00Z\","
                + "\"peakLocal\":\"2026-10-23T19:00\",\"periodShare\":{\"HC\":0.25,\"HP\":0.75},"
                + "\"weekdayProfileW\":[0.0,0.0,250.123," + zeros(35) + ",3000.0," + zeros(9) + "],"
                + "\"weekendProfileW\":[" + zeros(48) + "],"
                + "\"dayHourKwh\":[{\"day\":\"2026-10-23\",\"kwh\":[0.0,0.188," + zeros(17) + ",1.5," + zeros(4) + "]}],"
                + "\"perM2Kwh\":null,"
                + "\"totals\":{\"from\":\"2026-10-23\",\"to\":\"2026-10-24\",\"quantity\":4.0,\"cost\":1.0,\"subscription\":0.25,"
                + "\"estimated\":false,\"days\":1,\"span\":1,\"estimatedShare\":0.0,\"subscriptionDays\":1,\"costsIncomplete\":false,"
                + "\"unpricedFrom\":null,\"unpricedTo\":null,\"periods\":{\"HC\":{\"quantity\":1.0,\"cost\":null},\"HP\":{\"quantity\":3.0,\"cost\":0.75}}}}");
    }

    @Test
    void withoutDataEverythingDerivedIsNull() {
        Analysis a = new Analysis(null, Map.of(), null, null, null, Map.of(), new double[48], new double[48], List.of(), null,
                new Totals(0, null, null, false, 0, Map.of()));

        String json = AnalysisJson.write(a, FROM, TO).toString();

        assertThat(json).isEqualTo("{\"from\":\"2026-10-23\",\"to\":\"2026-10-24\",\"baselineW\":null,\"baselineBySeason\":{},\"baselineKwhPerYear\":null,"
                + "\"baselineCostPerYear\":null,\"averagePricePerKwh\":null,\"peakW\":null,\"peakAt\":null,\"peakLocal\":null,"
                + "\"periodShare\":{},\"weekdayProfileW\":[" + zeros(48) + "],\"weekendProfileW\":[" + zeros(48) + "],"
                + "\"dayHourKwh\":[],\"perM2Kwh\":null,\"totals\":{\"from\":\"2026-10-23\",\"to\":\"2026-10-24\",\"quantity\":0.0,"
                + "\"cost\":null,\"subscription\":null,\"estimated\":false,\"days\":0,\"span\":1,\"estimatedShare\":0.0,"
                + "\"subscriptionDays\":0,\"costsIncomplete\":true,\"unpricedFrom\":null,\"unpricedTo\":null,\"periods\":{}}}");
    }

    @Test
    void thousandthsAreWrittenAsDoubleToStringWritesThem() {
        assertThat(text(0)).isEqualTo("0.0");
        assertThat(text(1)).isEqualTo("0.001");
        assertThat(text(120)).isEqualTo("0.12");
        assertThat(text(3000)).isEqualTo("3.0");
        assertThat(text(-1500)).isEqualTo("-1.5");
        assertThat(text(1_234_567_891L)).isEqualTo("1234567.891");
        // Every value up to ±1,000 and half a million more up to 10^7 (kWh per hour or W per half-hour slot).
        for (long m = -1_000_000; m <= 1_000_000; m++) {
            if (!text(m).equals(Double.toString(m / 1000.0))) {
                assertThat(text(m)).as("m = %d", m).isEqualTo(Double.toString(m / 1000.0));
            }
        }
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < 500_000; i++) {
            long m = rnd.nextLong(AnalysisJson.PLAIN_LIMIT);
            if (!text(m).equals(Double.toString(m / 1000.0))) {
                assertThat(text(m)).as("m = %d", m).isEqualTo(Double.toString(m / 1000.0));
            }
        }
        // Past 10^7 Double.toString uses an exponent, and so does the answer (through Jackson).
        double[] big = {1e7, -2.5e8, Double.POSITIVE_INFINITY};
        String json = AnalysisJson.write(new Analysis(null, Map.of(), null, null, null, Map.of(), big, new double[0], List.of(), null,
                new Totals(0, null, null, false, 0, Map.of())), FROM, TO).toString();
        assertThat(json).contains("\"weekdayProfileW\":[1.0E7,-2.5E8,9.223372036854776E15]");
    }

    static String text(long m) {
        char[] buf = new char[24];
        int start = AnalysisJson.thousandths(m, buf);
        return new String(buf, start, buf.length - start);
    }

    static String zeros(int n) {
        return String.join(",", Collections.nCopies(n, "0.0"));
    }
}

package org.ecofoyer.dashboard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.ecofoyer.aggregation.maths.Amount;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.aggregation.query.Series;
import org.ecofoyer.aggregation.query.SeriesQuery;
import org.ecofoyer.core.Fluid;
import org.junit.jupiter.api.Test;

/** The series answer's exact text: fields, order, nulls and numbers as the API has always written them. */
class SeriesJsonTest {
    static Series series(LocalDate from, LocalDate to, List<SeriesPoint> points, Totals totals) {
        return new Series(new SeriesQuery("H1", Fluid.ELECTRICITY, Granularity.DAY, from, to), "kWh", "Europe/Paris", points, totals);
    }

    @Test
    void aSeriesWithItsComparison() {
        SeriesPoint d1 = new SeriesPoint(LocalDateTime.parse("2026-11-01T00:00"), Instant.parse("2026-10-31T23:00:00Z"), 10.5, 2.25,
                false, false, Map.of("HP", new Amount(6.5, 1.5), "HC", new Amount(4.0, 0.75)));
        SeriesPoint d2 = new SeriesPoint(LocalDateTime.parse("2026-11-02T00:00"), Instant.parse("2026-11-01T23:00:00Z"), 3.0, null,
                true, true, Map.of());
        Totals t = new Totals(13.5, null, 0.5, true, 2, Map.of("HC", new Amount(4.0, 0.75), "HP", new Amount(6.5, 1.5)), 3.0,
                LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 2), 2);
        Series main = series(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 3), List.of(d1, d2), t);
        Series ref = series(LocalDate.of(2026, 10, 30), LocalDate.of(2026, 11, 1), List.of(), new Totals(0, null, null, false, 0, Map.of()));

        String json = SeriesJson.write(main, ref, ConsumptionApi.Step.DAY, "previous").toString();

        assertThat(json).isEqualTo("{\"fluid\":\"electricity\",\"step\":\"day\",\"from\":\"2026-11-01\",\"to\":\"2026-11-03\","
                + "\"unit\":\"kWh\",\"zone\":\"Europe/Paris\",\"points\":["
                + "{\"label\":\"2026-11-01T00:00\",\"start\":\"2026-10-31T23:00:00Z\",\"quantity\":10.5,\"cost\":2.25,\"estimated\":false,"
                + "\"estimatedShare\":0.0,\"incomplete\":false,\"periods\":{\"HC\":{\"quantity\":4.0,\"cost\":0.75},\"HP\":{\"quantity\":6.5,\"cost\":1.5}}},"
                + "{\"label\":\"2026-11-02T00:00\",\"start\":\"2026-11-01T23:00:00Z\",\"quantity\":3.0,\"cost\":null,\"estimated\":true,"
                + "\"estimatedShare\":1.0,\"incomplete\":true,\"periods\":{}}],"
                + "\"totals\":{\"from\":\"2026-11-01\",\"to\":\"2026-11-03\",\"quantity\":13.5,\"cost\":null,\"subscription\":0.5,"
                + "\"estimated\":true,\"days\":2,\"span\":2,\"estimatedShare\":0.2222222222222222,\"subscriptionDays\":2,"
                + "\"costsIncomplete\":true,\"unpricedFrom\":\"2026-11-02\",\"unpricedTo\":\"2026-11-02\",\"periods\":{\"HC\":{\"quantity\":4.0,\"cost\":0.75},\"HP\":{\"quantity\":6.5,\"cost\":1.5}},"
                + "\"average\":{\"per\":\"day\",\"quantity\":6.75,\"cost\":null}},"
                + "\"comparison\":{\"fluid\":\"electricity\",\"step\":\"day\",\"from\":\"2026-10-30\",\"to\":\"2026-11-01\",\"unit\":\"kWh\","
                + "\"zone\":\"Europe/Paris\",\"points\":[],\"totals\":{\"from\":\"2026-10-30\",\"to\":\"2026-11-01\",\"quantity\":0.0,"
                + "\"cost\":null,\"subscription\":null,\"estimated\":false,\"days\":0,\"span\":2,\"estimatedShare\":0.0,"
                + "\"subscriptionDays\":0,\"costsIncomplete\":true,\"unpricedFrom\":null,\"unpricedTo\":null,\"periods\":{},"
                + "\"average\":{\"per\":\"day\",\"quantity\":null,\"cost\":null}},\"kind\":\"previous\"}}");
    }

    @Test
    void weeksAreSummedFromDaysWithoutAComparison() {
        // Monday 2 and Tuesday 3 November 2026 make one week starting on the 2nd.
        SeriesPoint mon = new SeriesPoint(LocalDateTime.parse("2026-11-02T00:00"), Instant.parse("2026-11-01T23:00:00Z"), 2.0, 0.5,
                false, false, Map.of());
        SeriesPoint tue = new SeriesPoint(LocalDateTime.parse("2026-11-03T00:00"), Instant.parse("2026-11-02T23:00:00Z"), 3.0, 0.25,
                false, false, Map.of());
        Series s = series(LocalDate.of(2026, 11, 2), LocalDate.of(2026, 11, 9), List.of(mon, tue), new Totals(5.0, 0.75, null, false, 2, Map.of()));

        String json = SeriesJson.write(s, null, ConsumptionApi.Step.WEEK, "none").toString();

        assertThat(json).contains("\"step\":\"week\"").contains("\"points\":[{\"label\":\"2026-11-02T00:00\"")
                .contains("\"quantity\":5.0,\"cost\":0.75").contains("\"average\":{\"per\":\"week\",\"quantity\":5.0,\"cost\":0.75}")
                .doesNotContain("comparison").endsWith("}}}");
    }
}

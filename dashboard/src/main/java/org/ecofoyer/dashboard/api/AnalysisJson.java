package org.ecofoyer.dashboard.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.aggregation.Analysis;
import org.ecofoyer.aggregation.Totals;

/**
 * The analysis answer ({@code GET .../analysis}) written straight to bytes with Jackson's streaming generator, like
 * {@link SeriesJson}: a year's day × hour matrix is 365 rows of 24 numbers, which as a {@code JsonObject} tree cost
 * more to build and walk than to print. {@code AnalysisJsonTest} pins the exact text.
 */
final class AnalysisJson {
    /** Hours in a (non-leap) year: the standby baseline's W times this is its kWh per year over 1,000. */
    static final double KWH_PER_W_YEAR = 8.766;

    private AnalysisJson() {
    }

    static Buffer write(Analysis a, LocalDate from, LocalDate to) {
        Totals t = a.totals();
        // The standby baseline's yearly cost at the range's average price per kWh.
        Double pricePerKwh = t.costEur() == null || t.quantity() <= 0 ? null : t.costEur() / t.quantity();
        Double baselineKwh = a.baseloadW() == null ? null : a.baseloadW() * KWH_PER_W_YEAR;
        Double baselineCost = baselineKwh == null || pricePerKwh == null ? null : baselineKwh * pricePerKwh;
        ByteArrayOutputStream out = new ByteArrayOutputStream(2048 + 180 * a.dayHourKwh().size());
        try (JsonGenerator g = SeriesJson.JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("from", from.toString());
            g.writeStringField("to", to.toString());
            SeriesJson.number(g, "baselineW", a.baseloadW());
            SeriesJson.number(g, "baselineKwhPerYear", baselineKwh);
            SeriesJson.number(g, "baselineCostPerYear", baselineCost);
            SeriesJson.number(g, "averagePricePerKwh", pricePerKwh);
            SeriesJson.number(g, "peakW", a.peakW());
            string(g, "peakAt", a.peakAt());
            string(g, "peakLocal", a.peakLocal());
            g.writeObjectFieldStart("periodShare");
            List<String> periods = new ArrayList<>(a.periodShare().keySet());
            periods.sort(null);
            for (String p : periods) {
                g.writeNumberField(p, a.periodShare().get(p));
            }
            g.writeEndObject();
            g.writeFieldName("weekdayProfileW");
            rounded(g, a.weekdayProfileW());
            g.writeFieldName("weekendProfileW");
            rounded(g, a.weekendProfileW());
            g.writeArrayFieldStart("dayHourKwh");
            for (Analysis.DayHours d : a.dayHourKwh()) {
                g.writeStartObject();
                g.writeStringField("day", d.day().toString());
                g.writeFieldName("kwh");
                rounded(g, d.kwh());
                g.writeEndObject();
            }
            g.writeEndArray();
            SeriesJson.number(g, "perM2Kwh", a.perM2Kwh());
            g.writeObjectFieldStart("totals");
            SeriesJson.totalsFields(g, t, from, to);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    private static void string(JsonGenerator g, String field, Object v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, v.toString());
        }
    }

    /** Values to the thousandth (Wh for kWh values, mW for W): more digits would be noise and bytes. */
    private static void rounded(JsonGenerator g, double[] values) throws IOException {
        g.writeStartArray();
        for (double v : values) {
            g.writeNumber(Math.round(v * 1000) / 1000.0);
        }
        g.writeEndArray();
    }
}

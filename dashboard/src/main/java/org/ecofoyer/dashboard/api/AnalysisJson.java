package org.ecofoyer.dashboard.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.aggregation.maths.Analysis;
import org.ecofoyer.aggregation.maths.Season;
import org.ecofoyer.aggregation.maths.Totals;

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
        return write(a, from, to, null);
    }

    /** With the meters' own peak and the advice on the subscribed power ({@code meterPeak} null: not asked). */
    static Buffer write(Analysis a, LocalDate from, LocalDate to, ConsumptionApi.MeterPeak meterPeak) {
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
            g.writeObjectFieldStart("baselineBySeason");
            for (Season season : Season.values()) {
                Double w = a.baseloadBySeason().get(season);
                if (w != null) {
                    g.writeNumberField(season.name().toLowerCase(java.util.Locale.ROOT), w);
                }
            }
            g.writeEndObject();
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
            if (meterPeak != null) {
                g.writeObjectFieldStart("meterPeak");
                SeriesJson.number(g, "va", meterPeak.va() == null ? null : meterPeak.va().doubleValue());
                string(g, "at", meterPeak.at());
                string(g, "atLocal", meterPeak.atLocal());
                string(g, "source", meterPeak.source());
                g.writeBooleanField("timeKnown", meterPeak.timeKnown());
                g.writeNumberField("meterDays", meterPeak.meterDays());
                subscription(g, meterPeak);
                g.writeObjectFieldStart("advice");
                g.writeStringField("kind", meterPeak.advice().kind().name().toLowerCase(java.util.Locale.ROOT));
                integer(g, "subscribedKva", meterPeak.advice().subscribedKva());
                integer(g, "suggestedKva", meterPeak.advice().suggestedKva());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeObjectFieldStart("totals");
            SeriesJson.totalsFields(g, t, from, to);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    /**
     * The subscription the advice uses (#16): {@code kva} and {@code option} with {@code kvaFrom} / {@code optionFrom}
     * ({@code meter}: announced by the meter, {@code record}: typed), when and how the meter announced it ({@code learnedAt},
     * {@code learnedAtLocal}; {@code learnedFrom}: {@code tic}, or {@code enedis} for its contract at the utility), and the typed values ({@code recordKva}, {@code recordOption}) to show where they differ.
     */
    private static void subscription(JsonGenerator g, ConsumptionApi.MeterPeak p) throws IOException {
        org.ecofoyer.ingest.query.MeterFactsQuery.Subscription s = p.subscription();
        if (s == null) {
            g.writeNullField("subscription");
            return;
        }
        g.writeObjectFieldStart("subscription");
        integer(g, "kva", s.kva());
        string(g, "option", s.option());
        g.writeStringField("kvaFrom", s.kvaLearned() ? "meter" : "record");
        g.writeStringField("optionFrom", s.optionLearned() ? "meter" : "record");
        string(g, "learnedAt", s.learned() == null ? null : s.learned().learnedAt());
        string(g, "learnedFrom", s.learned() == null ? null : s.learned().source());
        string(g, "learnedAtLocal", p.learnedAtLocal());
        integer(g, "recordKva", s.recordKva());
        string(g, "recordOption", s.recordOption());
        g.writeEndObject();
    }

    private static void integer(JsonGenerator g, String field, Integer v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
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
        char[] buf = new char[24];
        g.writeStartArray();
        for (double v : values) {
            long m = Math.round(v * 1000);
            if (m > -PLAIN_LIMIT && m < PLAIN_LIMIT) {
                int start = thousandths(m, buf);
                g.writeNumber(buf, start, buf.length - start);
            } else {
                g.writeNumber(m / 1000.0);
            }
        }
        g.writeEndArray();
    }

    /** Below 10^7 in absolute value, {@link Double#toString} writes a double in plain notation (above, with an exponent). */
    static final long PLAIN_LIMIT = 10_000_000_000L;

    /**
     * Writes m / 1000 at the end of {@code buf} as {@link Double#toString}{@code (m / 1000.0)} does for |m| below
     * {@link #PLAIN_LIMIT} (the shortest decimal that reads back as that double, here the three-decimal form with its
     * trailing zeros dropped, at least one digit after the point), and returns where it starts. The heatmap is 8,760 of
     * these: a fifth of the time of {@code Double.toString}, which was half the answer's encoding.
     */
    static int thousandths(long m, char[] buf) {
        int pos = buf.length;
        long a = Math.abs(m);
        long fraction = a % 1000;
        long whole = a / 1000;
        int digits = 3;
        while (digits > 1 && fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        for (int i = 0; i < digits; i++) {
            buf[--pos] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        buf[--pos] = '.';
        do {
            buf[--pos] = (char) ('0' + whole % 10);
            whole /= 10;
        } while (whole > 0);
        if (m < 0) {
            buf[--pos] = '-';
        }
        return pos;
    }
}

package org.ecofoyer.dashboard.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecofoyer.aggregation.maths.Amount;
import org.ecofoyer.aggregation.maths.EqualSpans;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.aggregation.query.Series;

/**
 * The series answer ({@code GET .../fluids/{fluid}/series}) written straight to bytes with Jackson's streaming
 * generator: a year of days is 365 points × (point + periods) objects, which as a {@code JsonObject} tree cost as much
 * again to build and walk as to print. Same fields, order and number formatting as the tree (Vert.x prints its trees
 * with the same Jackson generator); {@code SeriesJsonTest} pins the exact text.
 */
final class SeriesJson {
    static final JsonFactory JSON = new JsonFactory();

    private SeriesJson() {
    }

    /** The series (its points summed into weeks at the week step), and the comparison series when there is one. */
    static Buffer write(Series main, Series comparison, ConsumptionApi.Step step, String compareKind) {
        return write(main, comparison, step, compareKind, null);
    }

    /**
     * The same with {@code equalSpans}: the window's complete data against the same number of days of the comparison
     * (what the summary compares, never 6 days against 31), or null when there is no comparison.
     */
    static Buffer write(Series main, Series comparison, ConsumptionApi.Step step, String compareKind, ConsumptionApi.EqualSummary equal) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 220 * main.points().size() * (comparison == null ? 1 : 2));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            fields(g, main, step);
            if (comparison != null) {
                g.writeFieldName("comparison");
                g.writeStartObject();
                fields(g, comparison, step);
                g.writeStringField("kind", compareKind);
                g.writeEndObject();
            }
            if (equal != null) {
                g.writeObjectFieldStart("equalSpans");
                g.writeObjectFieldStart("current");
                totalsFields(g, equal.current(), equal.currentFrom(), equal.currentTo());
                g.writeEndObject();
                g.writeObjectFieldStart("comparison");
                totalsFields(g, equal.comparison(), equal.comparisonFrom(), equal.comparisonTo());
                g.writeEndObject();
                number(g, "change", EqualSpans.changePercent(equal.current().quantity(), equal.current().days(),
                        equal.comparison().quantity(), equal.comparison().days()));
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(out.toByteArray());
    }

    private static void fields(JsonGenerator g, Series s, ConsumptionApi.Step step) throws IOException {
        List<SeriesPoint> points = step == ConsumptionApi.Step.WEEK ? Weeks.of(s.points()) : s.points();
        g.writeStringField("fluid", s.query().fluid().name().toLowerCase(Locale.ROOT));
        g.writeStringField("step", step.wire());
        g.writeStringField("from", s.query().from().toString());
        g.writeStringField("to", s.query().to().toString());
        g.writeStringField("unit", s.unit());
        g.writeStringField("zone", s.zone());
        g.writeArrayFieldStart("points");
        for (SeriesPoint p : points) {
            g.writeStartObject();
            g.writeStringField("label", p.localStart().toString());
            g.writeStringField("start", p.start().toString());
            g.writeNumberField("quantity", p.quantity());
            number(g, "cost", p.costEur());
            g.writeBooleanField("estimated", p.estimated());
            g.writeNumberField("estimatedShare", p.estimatedShare());
            g.writeBooleanField("incomplete", p.incomplete());
            periods(g, p.periods());
            g.writeEndObject();
        }
        g.writeEndArray();
        Totals t = s.totals();
        g.writeObjectFieldStart("totals");
        totalsFields(g, t, s.query().from(), s.query().to());
        int n = points.size();
        g.writeObjectFieldStart("average");
        g.writeStringField("per", step.wire());
        number(g, "quantity", n == 0 ? null : t.quantity() / n);
        number(g, "cost", n == 0 || t.costEur() == null ? null : t.costEur() / n);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A range's totals' fields, as {@link ConsumptionApi#totalsJson} has them (the caller opens and closes the object). */
    static void totalsFields(JsonGenerator g, Totals t, LocalDate from, LocalDate to) throws IOException {
        g.writeStringField("from", from.toString());
        g.writeStringField("to", to.toString());
        g.writeNumberField("quantity", t.quantity());
        number(g, "cost", t.costEur());
        number(g, "subscription", t.subscriptionEur());
        g.writeBooleanField("estimated", t.estimated());
        g.writeNumberField("days", t.days());
        g.writeNumberField("span", java.time.temporal.ChronoUnit.DAYS.between(from, to));
        g.writeNumberField("estimatedShare", t.estimatedShare());
        g.writeNumberField("subscriptionDays", t.subscriptionDays());
        g.writeBooleanField("costsIncomplete", t.costsIncomplete());
        date(g, "unpricedFrom", t.unpricedFrom());
        date(g, "unpricedTo", t.unpricedTo());
        periods(g, t.periods());
    }

    /** Periods in name order (the query's maps have none). */
    private static void periods(JsonGenerator g, Map<String, Amount> periods) throws IOException {
        g.writeObjectFieldStart("periods");
        List<String> names = new ArrayList<>(periods.keySet());
        names.sort(null);
        for (String name : names) {
            Amount a = periods.get(name);
            g.writeObjectFieldStart(name);
            g.writeNumberField("quantity", a.quantity());
            number(g, "cost", a.costEur());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void date(JsonGenerator g, String field, LocalDate d) throws IOException {
        if (d == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, d.toString());
        }
    }

    static void number(JsonGenerator g, String field, Double v) throws IOException {
        if (v == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }
}

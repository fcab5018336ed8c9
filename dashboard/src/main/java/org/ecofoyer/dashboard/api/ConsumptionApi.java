package org.ecofoyer.dashboard.api;

import static org.ecofoyer.dashboard.web.Requests.json;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.ecofoyer.aggregation.maths.Amount;
import org.ecofoyer.aggregation.maths.EqualSpans;
import org.ecofoyer.aggregation.maths.Granularity;
import org.ecofoyer.aggregation.maths.MissingPrice;
import org.ecofoyer.aggregation.maths.PowerAdvice;
import org.ecofoyer.aggregation.maths.Totals;
import org.ecofoyer.aggregation.query.QueryService;
import org.ecofoyer.aggregation.query.Series;
import org.ecofoyer.aggregation.query.SeriesQuery;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Meter;
import org.ecofoyer.dashboard.HouseholdData;
import org.ecofoyer.dashboard.web.ApiError;
import org.ecofoyer.ingest.query.MeterFactsQuery;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.storage.Jdbc;

/**
 * The charts' data: overview, a fluid's series with comparison, electricity analyses. Everything comes from the
 * aggregation's query service (rollups only). Mounted under the household routes, so {@link HouseholdApi}'s
 * authorisation has already run.
 */
public final class ConsumptionApi {
    /** Steps the pages offer, with the widest range each may ask for (keeps answers small and fast). */
    enum Step {
        HALF_HOUR(Granularity.HALF_HOUR, 62), DAY(Granularity.DAY, 800), WEEK(Granularity.DAY, 1200),
        MONTH(Granularity.MONTH, 7400), YEAR(Granularity.YEAR, 7400);

        final Granularity granularity;
        final int maxDays;

        Step(Granularity g, int maxDays) {
            this.granularity = g;
            this.maxDays = maxDays;
        }

        static Step parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (RuntimeException e) {
                throw ApiError.badRequest("'step' must be half_hour, day, week, month or year.");
            }
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Jdbc jdbc;
    private final QueryService query;
    private final Clock clock;

    public ConsumptionApi(Jdbc jdbc, QueryService query, Clock clock) {
        this.jdbc = jdbc;
        this.query = query;
        this.clock = clock;
    }

    public void mount(Router api) {
        api.get("/households/:household/overview").handler(this::overview);
        api.get("/households/:household/fluids/:fluid/series").handler(this::series);
        api.get("/households/:household/analysis").handler(this::analysis);
        api.get("/households/:household/now").handler(this::now);
    }

    static Fluid fluid(String s) {
        try {
            return Fluid.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw ApiError.notFound();
        }
    }

    /** The dates a query may name: meter data cannot be older, and arithmetic on them cannot overflow. */
    static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(2100, 12, 31);

    static LocalDate date(RoutingContext rc, String name, LocalDate fallback) {
        String v = rc.request().getParam(name);
        if (v == null || v.isEmpty()) {
            if (fallback == null) {
                throw ApiError.badRequest("'" + name + "' is required (a date, YYYY-MM-DD).");
            }
            return fallback;
        }
        return date(v, name);
    }

    /** A date parameter's value, or a 400 naming it. */
    static LocalDate date(String v, String name) {
        LocalDate d;
        try {
            d = LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("'" + name + "' must be a date, YYYY-MM-DD.");
        }
        if (d.isBefore(FIRST_DAY) || d.isAfter(LAST_DAY)) {
            throw ApiError.badRequest("'" + name + "' must be a date from " + FIRST_DAY + " to " + LAST_DAY + ".");
        }
        return d;
    }

    /** The household's time zone and meters, read once per request. */
    private record Place(ZoneId zone, List<Meter> meters) {
        LocalDate today(Clock clock) {
            return LocalDate.now(clock.withZone(zone));
        }
    }

    private Future<Place> place(String household) {
        return jdbc.run(c -> {
            JsonObject h = HouseholdData.household(c, household).orElseThrow(ApiError::notFound);
            return new Place(ZoneId.of(h.getString("timezone")), HouseholdData.meters(c, household));
        });
    }

    /**
     * Per fluid, this month up to its last complete day against the same days of last month and of last year
     * ({@link EqualSpans}: a fluid whose data lag a day is compared over one day fewer, today never counts, and on the
     * 1st the month just ended is compared), with the change in per cent on equal spans, each source's last reading,
     * and the prices missing over those spans.
     */
    private void overview(RoutingContext rc) {
        String household = HouseholdApi.grant(rc).householdId();
        place(household).compose(place -> {
            LocalDate today = place.today(clock);
            return Future.all(query.fluids(household), query.missingPrices(household)).compose(both -> {
                List<Fluid> fluids = both.resultAt(0);
                List<MissingPrice> missing = both.resultAt(1);
                List<Future<JsonObject>> cards = new ArrayList<>();
                for (Fluid f : fluids) {
                    cards.add(Future.all(query.lastCompleteDay(household, f, today), lastReading(place, f),
                                    query.halfHourCut(household, f, today))
                            .compose(r -> card(household, f, today, r.resultAt(0), r.resultAt(2), r.resultAt(1), missing)));
                }
                return Future.all(cards).map(all -> {
                    JsonArray a = new JsonArray();
                    for (int i = 0; i < cards.size(); i++) {
                        a.add(all.<JsonObject>resultAt(i));
                    }
                    return new JsonObject().put("today", today.toString()).put("zone", place.zone().getId()).put("fluids", a);
                });
            });
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    /**
     * One fluid's card: without a complete day, no figures (never a partial day shown as a month so far). A fluid with
     * half-hourly data complete since midnight is cut at its last complete half-hour ({@code cut}, else null).
     */
    private Future<JsonObject> card(String household, Fluid f, LocalDate today, LocalDate lastComplete, java.time.LocalTime cut,
                                    String latestReading, List<MissingPrice> missing) {
        JsonObject card = new JsonObject()
                .put("fluid", f.name().toLowerCase(Locale.ROOT))
                .put("unit", f.unit())
                .put("latestReading", latestReading)
                .put("lastCompleteDay", lastComplete == null ? null : lastComplete.toString());
        Optional<EqualSpans> spans = EqualSpans.monthToHalfHour(today, lastComplete, cut);
        if (spans.isEmpty()) {
            return Future.succeededFuture(card.put("current", null).put("lastMonth", null).put("lastYear", null)
                    .put("missingPrices", new JsonArray()));
        }
        EqualSpans s = spans.get();
        return Future.all(totals(household, f, s.current()), totals(household, f, s.lastMonth()), totals(household, f, s.lastYear()))
                .map(all -> {
                    SpanTotals now = all.resultAt(0);
                    SpanTotals lm = all.resultAt(1);
                    SpanTotals ly = all.resultAt(2);
                    return card.put("current", now.json())
                            .put("lastMonth", lm.json().put("change", now.change(lm)))
                            .put("lastYear", ly.json().put("change", now.change(ly)))
                            .put("missingPrices", missingJson(missing, f, List.of(s.current(), s.lastMonth(), s.lastYear())));
                });
    }

    /** A span's whole days and, when cut at a half-hour, its partial day's half-hours ({@code days}: half-hours). */
    private record SpanTotals(EqualSpans.Span span, Totals days, Totals partial) {
        Totals all() {
            return partial == null ? days : days.plusPartialDay(partial, span.to());
        }

        int halfHours() {
            return partial == null ? 0 : partial.days();
        }

        Double change(SpanTotals reference) {
            return EqualSpans.changePercent(all().quantity(), days.days(), halfHours(),
                    reference.all().quantity(), reference.days.days(), reference.halfHours());
        }

        /** [from, to) the days touched; {@code until}: where the last of them ends when cut at a half-hour. */
        JsonObject json() {
            JsonObject o = totalsJson(all(), span.from(), span.last().plusDays(1));
            return span.partial() ? o.put("until", span.until().toString()).put("halfHours", halfHours()) : o;
        }
    }

    private Future<SpanTotals> totals(String household, Fluid f, EqualSpans.Span span) {
        Future<Totals> days = span.days() == 0 ? Future.succeededFuture(new Totals(0, null, null, false, 0, java.util.Map.of()))
                : query.totals(household, f, span.from(), span.to());
        Future<Totals> partial = span.partial() ? query.halfHourTotals(household, f, span.to().atStartOfDay(), span.end())
                : Future.succeededFuture();
        return Future.all(days, partial).map(x -> new SpanTotals(span, days.result(), partial.result()));
    }

    /** The missing prices of a fluid that overlap the spans shown. */
    static JsonArray missingJson(List<MissingPrice> missing, Fluid f, List<EqualSpans.Span> spans) {
        JsonArray out = new JsonArray();
        for (MissingPrice m : missing) {
            boolean shown = spans.stream().anyMatch(s -> !m.from().isAfter(s.last()) && !m.to().isBefore(s.from()));
            if (m.fluid() == f && shown) {
                out.add(new JsonObject().put("component", m.component()).put("period", m.period()).put("option", m.option())
                        .put("kva", m.kva()).put("from", m.from().toString()).put("to", m.to().toString()).put("days", m.days()));
            }
        }
        return out;
    }

    private Future<String> lastReading(Place place, Fluid fluid) {
        List<Meter> ms = place.meters().stream().filter(m -> m.fluid() == fluid).toList();
        return jdbc.run(c -> {
            Instant latest = null;
            for (Meter m : ms) {
                Instant t = HouseholdData.lastReading(c, m.id());
                if (t != null && (latest == null || t.isAfter(latest))) {
                    latest = t;
                }
            }
            return latest == null ? null : latest.toString();
        });
    }

    private void series(RoutingContext rc) {
        String household = HouseholdApi.grant(rc).householdId();
        Fluid fluid = fluid(rc.pathParam("fluid"));
        Step step = Step.parse(rc.request().getParam("step", "day"));
        LocalDate from = date(rc, "from", null);
        LocalDate to = date(rc, "to", null);
        if (!to.isAfter(from)) {
            throw ApiError.badRequest("'to' must be after 'from'.");
        }
        if (ChronoUnit.DAYS.between(from, to) > step.maxDays) {
            throw ApiError.badRequest("At most " + step.maxDays + " days at the " + step.wire() + " step.");
        }
        String compare = rc.request().getParam("compare", "none");
        LocalDate[] ref = switch (compare) {
            case "none" -> null;
            case "previous" -> previous(from, to);
            case "last_year" -> new LocalDate[] {from.minusYears(1), to.minusYears(1)};
            default -> throw ApiError.badRequest("'compare' must be none, previous or last_year.");
        };
        Future<Series> main = query.series(new SeriesQuery(household, fluid, step.granularity, from, to));
        Future<Series> other = ref == null ? Future.succeededFuture()
                : query.series(new SeriesQuery(household, fluid, step.granularity, ref[0], ref[1]));
        Future<EqualSummary> equal = ref == null ? Future.succeededFuture() : equalSummary(household, fluid, from, to, ref);
        Future.all(main, other, equal).onSuccess(all -> json(rc, 200,
                        SeriesJson.write(main.result(), other.result(), step, compare, equal.result())))
                .onFailure(e -> fail(rc, e));
    }

    /**
     * What a chart's summary compares: the window up to the fluid's last complete day against as many days from the
     * comparison's start (a month under way against the same days of the other, never 6 days against 31).
     *
     * @param currentFrom    first day of the window
     * @param currentTo      the day after the last complete one inside it
     * @param comparisonFrom first day of the comparison
     * @param comparisonTo   as many days on (never past the comparison's end)
     */
    record EqualSummary(LocalDate currentFrom, LocalDate currentTo, Totals current, LocalDate comparisonFrom,
                        LocalDate comparisonTo, Totals comparison) {
    }

    /** The equal-span summary of a window and its comparison, or null when the window has no complete day. */
    private Future<EqualSummary> equalSummary(String household, Fluid fluid, LocalDate from, LocalDate to, LocalDate[] ref) {
        return place(household).compose(place -> query.lastCompleteDay(household, fluid, place.today(clock))).compose(last -> {
            LocalDate[] spans = equalSpans(from, to, ref, last);
            if (spans == null) {
                return Future.succeededFuture();
            }
            return Future.all(query.totals(household, fluid, spans[0], spans[1]), query.totals(household, fluid, spans[2], spans[3]))
                    .map(t -> new EqualSummary(spans[0], spans[1], t.resultAt(0), spans[2], spans[3], t.resultAt(1)));
        });
    }

    /**
     * {@code {from, end, refFrom, refEnd}}: the window cut after the last complete day and the comparison cut to as many
     * days (or its own end); null when no day of the window is complete.
     */
    static LocalDate[] equalSpans(LocalDate from, LocalDate to, LocalDate[] ref, LocalDate lastComplete) {
        if (lastComplete == null || lastComplete.isBefore(from)) {
            return null;
        }
        LocalDate end = lastComplete.isBefore(to) ? lastComplete.plusDays(1) : to;
        long days = ChronoUnit.DAYS.between(from, end);
        LocalDate refEnd = ref[0].plusDays(days).isAfter(ref[1]) ? ref[1] : ref[0].plusDays(days);
        return new LocalDate[] {from, end, ref[0], refEnd};
    }

    /** The period just before: whole months (or years) back when the range is made of whole months, else days. */
    static LocalDate[] previous(LocalDate from, LocalDate to) {
        if (from.getDayOfMonth() == 1 && to.getDayOfMonth() == 1) {
            long months = ChronoUnit.MONTHS.between(from, to);
            return new LocalDate[] {from.minusMonths(months), from};
        }
        long days = ChronoUnit.DAYS.between(from, to);
        return new LocalDate[] {from.minusDays(days), from};
    }

    static JsonObject totalsJson(Totals t, LocalDate from, LocalDate to) {
        return new JsonObject()
                .put("from", from.toString())
                .put("to", to.toString())
                .put("quantity", t.quantity())
                .put("cost", t.costEur())
                .put("subscription", t.subscriptionEur())
                .put("estimated", t.estimated())
                .put("days", t.days())
                .put("span", ChronoUnit.DAYS.between(from, to))
                .put("estimatedShare", t.estimatedShare())
                .put("subscriptionDays", t.subscriptionDays())
                .put("costsIncomplete", t.costsIncomplete())
                .put("unpricedFrom", t.unpricedFrom() == null ? null : t.unpricedFrom().toString())
                .put("unpricedTo", t.unpricedTo() == null ? null : t.unpricedTo().toString())
                .put("periods", amounts(t.periods()));
    }

    private static JsonObject amounts(Map<String, Amount> periods) {
        JsonObject o = new JsonObject();
        periods.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> o.put(e.getKey(),
                new JsonObject().put("quantity", e.getValue().quantity()).put("cost", e.getValue().costEur())));
        return o;
    }

    /**
     * The live page's figures besides the stream: today's electricity so far (kWh, €), the tariff period now, the Tempo
     * colours of the Tempo day under way and of the next (once announced: imported or learned from the meter's
     * DEMAIN/STGE), EJP peak days today and tomorrow, the last reading (the page says since when it is disconnected),
     * and the household's zone (every time on the page is shown in it, not in the browser's).
     */
    private void now(RoutingContext rc) {
        String household = HouseholdApi.grant(rc).householdId();
        place(household).compose(place -> {
            Instant now = clock.instant();
            java.time.LocalDateTime local = java.time.LocalDateTime.ofInstant(now, place.zone());
            LocalDate today = local.toLocalDate();
            List<Meter> elec = place.meters().stream().filter(m -> m.fluid() == Fluid.ELECTRICITY).toList();
            Future<Totals> sofar = elec.isEmpty() ? Future.succeededFuture() : query.totals(household, Fluid.ELECTRICITY, today, today.plusDays(1));
            Future<JsonObject> calendars = jdbc.run(c -> {
                LocalDate tempoDay = org.ecofoyer.aggregation.maths.PeriodCalendar.tempoDay(local);
                Map<LocalDate, org.ecofoyer.core.TempoColour> tempo =
                        org.ecofoyer.aggregation.store.CalendarStore.tempoDays(c, tempoDay, tempoDay.plusDays(2));
                java.util.Set<LocalDate> ejp = org.ecofoyer.aggregation.store.CalendarStore.ejpDays(c, today, today.plusDays(2));
                String period = elec.isEmpty() ? null : org.ecofoyer.aggregation.store.CalendarStore.periodAt(c, elec.get(0), local);
                String option = elec.isEmpty() ? null : elec.get(0).tariffOption();
                // The last power the meter sent (the page keeps it on screen, greyed, while disconnected).
                Long lastPower = null;
                if (!elec.isEmpty()) {
                    java.util.OptionalLong v = Readings.lastValue(c, elec.get(0).id(), Channels.POWER_APPARENT);
                    lastPower = v.isPresent() ? v.getAsLong() : null;
                }
                return new JsonObject()
                        .put("option", option)
                        .put("latestPowerVa", lastPower)
                        .put("period", period)
                        .put("tempo", new JsonObject().put("day", tempoDay.toString())
                                .put("today", name(tempo.get(tempoDay))).put("tomorrow", name(tempo.get(tempoDay.plusDays(1)))))
                        .put("ejp", new JsonObject().put("today", ejp.contains(today)).put("tomorrow", ejp.contains(today.plusDays(1))));
            });
            Future<String> last = elec.isEmpty() ? Future.succeededFuture() : lastReading(place, Fluid.ELECTRICITY);
            return Future.all(sofar, calendars, last).map(all -> {
                Totals t = all.resultAt(0);
                JsonObject o = all.<JsonObject>resultAt(1)
                        .put("zone", place.zone().getId())
                        .put("now", now.toString())
                        .put("localTime", local.toString())
                        .put("latestReading", all.<String>resultAt(2));
                o.put("today", t == null ? null : new JsonObject().put("date", today.toString()).put("kwh", t.quantity())
                        .put("cost", t.costEur()).put("subscription", t.subscriptionEur()));
                return o;
            });
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    /** Electricity analyses over [from, to), by default the last 12 months up to today. */
    private void analysis(RoutingContext rc) {
        String household = HouseholdApi.grant(rc).householdId();
        place(household).compose(place -> {
            LocalDate today = place.today(clock);
            LocalDate to = date(rc, "to", today.plusDays(1));
            LocalDate from = date(rc, "from", to.minusYears(1));
            if (!to.isAfter(from) || ChronoUnit.DAYS.between(from, to) > 400) {
                throw ApiError.badRequest("'from' must be before 'to', at most 400 days apart.");
            }
            return Future.all(query.analyse(household, from, to), meterPeak(place, from, to))
                    .map(all -> AnalysisJson.write(all.resultAt(0), from, to, all.resultAt(1)));
        }).onSuccess(o -> json(rc, 200, o)).onFailure(e -> fail(rc, e));
    }

    /**
     * Where a peak can come from, most trusted first (#16): the meter's own daily maxima from its TIC (SMAXSN, with the
     * time it was reached, {@code meter_daily_max}) or from the utility's max power API ({@code power.max.daily}, a
     * day without a time); the live stream's per-minute maxima only when the meter told none over the span.
     */
    static final String TIC = Channels.POWER_MAX_METER;

    /**
     * The highest power the household's electricity meters saw over [from, to) by their own maxima (never a
     * half-hour's average), when, from which source, and the subscription it is compared with (the meter's own when
     * it announced one: {@link MeterFactsQuery.Subscription}).
     */
    private Future<MeterPeak> meterPeak(Place place, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(place.zone()).toInstant();
        Instant end = to.atStartOfDay(place.zone()).toInstant();
        return jdbc.run(c -> {
            Instant bestAt = null;
            long bestVa = -1;
            String source = null;
            int days = 0;
            MeterFactsQuery.Subscription subscription = null;
            List<Meter> electric = place.meters().stream().filter(m -> m.fluid() == Fluid.ELECTRICITY).toList();
            for (Meter m : electric) {
                subscription = subscription != null ? subscription : MeterFactsQuery.subscription(c, m);
                MeterFactsQuery.HighestMax tic = MeterFactsQuery.highest(c, m.id(), from, to);
                if (tic != null) {
                    days += tic.days();
                    if (tic.va() > bestVa) {
                        bestVa = tic.va();
                        bestAt = tic.reachedAt();
                        source = TIC;
                    }
                }
                Readings.Point api = Readings.highest(c, m.id(), Channels.POWER_MAX_DAILY, start, end);
                if (api != null && api.value() > bestVa) {
                    bestVa = api.value();
                    bestAt = api.instant();
                    source = Channels.POWER_MAX_DAILY;
                }
            }
            if (source == null) {
                for (Meter m : electric) {
                    Readings.Point live = Readings.highest(c, m.id(), Channels.POWER_MAX_1M, start, end);
                    if (live != null && live.value() > bestVa) {
                        bestVa = live.value();
                        bestAt = live.instant();
                        source = Channels.POWER_MAX_1M;
                    }
                }
            }
            Long va = source == null ? null : bestVa;
            Integer kva = subscription == null ? null : subscription.kva();
            return new MeterPeak(va, bestAt, bestAt == null ? null : java.time.LocalDateTime.ofInstant(bestAt, place.zone()), source,
                    !Channels.POWER_MAX_DAILY.equals(source), days, subscription,
                    subscription == null || subscription.learned() == null ? null
                            : java.time.LocalDateTime.ofInstant(subscription.learned().learnedAt(), place.zone()),
                    PowerAdvice.of(va, kva));
        });
    }

    /**
     * The meters' own peak (VA), when (in the household's zone; {@code timeKnown} false for the utility's daily
     * maxima, which give the day only), from which source, over how many days of the meter's daily maxima, the
     * subscription it is compared with and when the meter announced it, with the advice on the subscribed power.
     */
    record MeterPeak(Long va, Instant at, java.time.LocalDateTime atLocal, String source, boolean timeKnown, int meterDays,
                     MeterFactsQuery.Subscription subscription, java.time.LocalDateTime learnedAtLocal, PowerAdvice advice) {
    }

    private static void fail(RoutingContext rc, Throwable e) {
        rc.fail(e instanceof NoSuchElementException ? ApiError.notFound() : e);
    }
}

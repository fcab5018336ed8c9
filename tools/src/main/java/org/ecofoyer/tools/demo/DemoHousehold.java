package org.ecofoyer.tools.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ecofoyer.core.Channels;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.core.TariffPeriod;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.ingest.pipeline.MeterFactsLearner;
import org.ecofoyer.ingest.writer.MeterFactsStore;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.storage.Meters;

/**
 * The demo household's electricity history, so that every page has something to show on a fresh laptop: a Linky on
 * HP/HC (indexes every half-hour) from 400 days ago (or its last reading) up to now, written through ingest's
 * {@link ReadingWriter} like any source's readings (which marks the meter for recompute), so that the real aggregation
 * builds the rollups. A plausible home: a standby of ~150 W, morning and evening
 * peaks, electric heating that follows the degree-days of {@link DemoClimate}, more at weekends, one six-hour gateway outage four days ago (shown as
 * estimated); deterministic per instant. Gas and water come from the demo's
 * fake utility servers through the real sync ({@code DemoUtilities}); an electricity meter another part of the demo
 * created is left alone.
 */
public final class DemoHousehold {
    public static final String ELECTRICITY = "demo-elec";
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    /** Two winters and a bit, so that an advisor can compare winter 2024-25 with winter 2025-26. */
    static final int HISTORY_DAYS = 800;
    static final int OUTAGE_DAYS_AGO = 4;
    private static final String HP = Channels.index(TariffPeriod.HP);
    private static final String HC = Channels.index(TariffPeriod.HC);

    private DemoHousehold() {
    }

    /** Adds the missing meters, and the readings up to {@code now} through {@code writer}; returns how many were written. */
    public static long fill(Connection c, ReadingWriter writer, Instant now) throws SQLException {
        long n = 0;
        if (meter(c, DemoAccount.HOUSEHOLD, ELECTRICITY, MeterKind.LINKY_TIC, TariffOption.HPHC.name(), 6)) {
            n += write(writer, electricity(c, ELECTRICITY, HISTORY_DAYS, 1.0, true, now));
        }
        tempo(c, now);
        return n;
    }

    /**
     * The Tempo colours of the Tempo day under way and of the next (issue #16's live page shows both), generated from
     * the demo's stated climate: a cold day (more than 11 DJU) is red, a cool one (more than 8) white, others blue.
     * Real colours come from the meter's DEMAIN or {@code ecofoyer tariff tempo}; these are the demo's, said so.
     */
    static void tempo(Connection c, Instant now) throws SQLException {
        LocalDate today = org.ecofoyer.aggregation.maths.PeriodCalendar.tempoDay(java.time.LocalDateTime.ofInstant(now, ZONE));
        java.util.Map<LocalDate, org.ecofoyer.core.TempoColour> days = new java.util.TreeMap<>();
        for (LocalDate d : List.of(today, today.plusDays(1))) {
            double dju = DemoClimate.dju(d);
            days.put(d, dju > 11 ? org.ecofoyer.core.TempoColour.RED : dju > 8 ? org.ecofoyer.core.TempoColour.WHITE
                    : org.ecofoyer.core.TempoColour.BLUE);
        }
        org.ecofoyer.aggregation.store.CalendarStore.setTempo(c, days);
    }

    /**
     * The VA the meter's daily maximum reports, generated: the busiest half-hour's mean power × 2.5 (a kettle, an oven
     * and the heating on together for a few minutes inside a half-hour that averages far less), stamped 17 minutes
     * into that half-hour as a standard-mode Linky's SMAXSN is, with the time it was reached ({@code power.max.meter},
     * kept by ingest in {@code meter_daily_max}, #16).
     */
    static long dailyMaxVa(double busiestHalfHourW) {
        return Math.round(busiestHalfHourW * 2.5);
    }

    /**
     * A neighbour of the demo (a similar home): its Linky's history over {@code days} up to {@code now}, the demo's home
     * scaled by {@code scale}; returns how many readings were written (none when it has them already).
     */
    public static long fillNeighbour(Connection c, ReadingWriter writer, String householdId, String code, int days, double scale,
                                     Instant now) throws SQLException {
        if (!meter(c, householdId, code, MeterKind.LINKY_TIC, TariffOption.HPHC.name(), 6)) {
            return 0;
        }
        return write(writer, electricity(c, code, days, scale, false, now));
    }

    /** Creates the meter if the household has none of that fluid; whether it is ours to fill. */
    private static boolean meter(Connection c, String household, String code, MeterKind kind, String option, Integer kva)
            throws SQLException {
        HouseholdId home = new HouseholdId(household);
        Optional<Meter> existing = Meters.ofHousehold(c, home).stream().filter(m -> m.fluid() == kind.fluid()).findFirst();
        if (existing.isPresent()) {
            return existing.get().code().value().equals(code);
        }
        // A meter of that code in another household is not ours to fill.
        return Meters.register(c, new Meters.Registration(new MeterCode(code), home, kind, null, option, kva)).household().equals(home);
    }

    /** The meter's last reading instant and HP and HC indexes; a null instant when it has no reading yet. */
    record Last(Instant instant, long hp, long hc) {
    }

    /** Where the history (and the live demo meter, {@link DemoMeter}) goes on from. */
    static Last last(Connection c, String code) throws SQLException {
        Optional<Meter> meter = Meters.byCode(c, new MeterCode(code));
        Instant t = meter.isEmpty() ? null : Readings.latest(c, meter.get().id());
        if (t == null) {
            return new Last(null, 0, 0);
        }
        int id = meter.get().id();
        // The demo's indexes only grow, so their latest values are where the history goes on from.
        return new Last(t, Readings.lastValue(c, id, HP).orElse(0), Readings.lastValue(c, id, HC).orElse(0));
    }

    /** Mean power (W) of the half-hour starting at {@code t}. */
    static double watts(ZonedDateTime t) {
        double hour = t.getHour() + t.getMinute() / 60.0;
        boolean weekend = t.getDayOfWeek().getValue() >= 6;
        double p = 150;
        p += bump(hour, 7.5, 1.2) * (weekend ? 600 : 900);
        p += bump(hour, 12.5, 1.0) * (weekend ? 900 : 250);
        p += bump(hour, 19.5, 2.0) * 1400;
        // Electric heating follows the (stated, generated) climate's degree-days: ~13 DJU on a cold January day.
        double winter = DemoClimate.dju(t.toLocalDate()) / 13.0;
        p += winter * (hour < 6 || hour >= 22 ? 1300 : 700);
        Random r = new Random(t.toEpochSecond());
        return p * (0.8 + 0.4 * r.nextDouble());
    }

    private static double bump(double hour, double centre, double width) {
        double d = (hour - centre) / width;
        return Math.exp(-d * d);
    }

    private static List<Reading> electricity(Connection c, String code, int days, double scale, boolean withOutage, Instant now)
            throws SQLException {
        Last last = last(c, code);
        ZonedDateTime t = last.instant() == null
                ? now.atZone(ZONE).toLocalDate().minusDays(days).atStartOfDay(ZONE)
                : last.instant().atZone(ZONE);
        long hp = last.instant() == null ? 12_345_000 : last.hp();
        long hc = last.instant() == null ? 8_765_000 : last.hc();
        List<Reading> rows = new ArrayList<>();
        if (last.instant() == null) {
            indexes(rows, code, t.toInstant(), hp, hc);
        }
        // A fresh history has one gateway outage (4 days ago, 09:00-15:00): the aggregation spreads the energy over
        // the gap and flags it estimated, so the charts' hatching has something to show.
        LocalDate outageDay = last.instant() == null && withOutage ? now.atZone(ZONE).toLocalDate().minusDays(OUTAGE_DAYS_AGO) : null;
        double busiest = 0;
        ZonedDateTime busiestAt = t;
        while (!t.plusMinutes(30).toInstant().isAfter(now)) {
            long wh = Math.round(scale * watts(t) / 2);
            if (wh * 2.0 > busiest) {
                busiest = wh * 2.0;
                busiestAt = t;
            }
            boolean offPeak = t.getHour() < 6 || t.getHour() >= 22;
            if (offPeak) {
                hc += wh;
            } else {
                hp += wh;
            }
            ZonedDateTime next = t.plusMinutes(30);
            if (!next.toLocalDate().equals(t.toLocalDate())) {
                rows.add(new Reading(code, busiestAt.plusMinutes(17).toInstant(), Channels.POWER_MAX_METER, dailyMaxVa(busiest)));
                busiest = 0;
            }
            t = next;
            boolean outage = t.toLocalDate().equals(outageDay) && t.getHour() >= 9 && t.getHour() < 15;
            if (!outage) {
                indexes(rows, code, t.toInstant(), hp, hc);
            }
        }
        return rows;
    }

    private static void indexes(List<Reading> rows, String code, Instant at, long hp, long hc) {
        rows.add(new Reading(code, at, HP, hp));
        rows.add(new Reading(code, at, HC, hc));
    }

    /**
     * Writes the readings as one submission, so in one transaction that also marks the meter for recompute from the
     * first, and waits for its commit.
     */
    private static long write(ReadingWriter writer, List<Reading> readings) throws SQLException {
        if (readings.isEmpty()) {
            return 0;
        }
        try {
            // the daily maxima go where ingest keeps what a meter says about itself, as a live meter's do
            MeterFactsLearner.Taken taken = new MeterFactsLearner().take(readings.get(0).meter(), readings);
            return writer.submit(taken.readings(), List.of(), taken.facts() == null ? null : new MeterFactsStore(taken.facts()), "demo")
                    .toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES).written();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while writing the demo readings", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new SQLException("cannot write the demo readings: " + e.getMessage(), e);
        }
    }
}

package org.ecofoyer.dashboard.engage;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.ecofoyer.aggregation.maths.SeriesPoint;
import org.ecofoyer.aggregation.store.CalendarStore;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Household;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.TempoColour;
import org.ecofoyer.dashboard.HouseholdData;
import org.ecofoyer.storage.Households;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic evaluation, on the clock it is given: for every household, each alert it wants whose condition holds is
 * raised once per occurrence (the table's unique key deduplicates), then its pending alert e-mails are sent within the
 * rate limit, its monthly report e-mailed once (opt-in, from the 2nd of the month), and the challenges that ended decided.
 * Blocking: run on a worker ({@code Jdbc.run}).
 */
public final class AlertJob {
    private static final Logger LOG = LoggerFactory.getLogger(AlertJob.class);
    /** A mail that failed this many times is given up (and shown as failed in the app). */
    static final int MAX_ATTEMPTS = 5;

    private final Clock clock;
    private final MailConfig mail;
    private final Mailer mailer;
    private final Ecogestures catalogue;

    /** {@code mailer} null: nothing is e-mailed. */
    public AlertJob(Clock clock, MailConfig mail, Mailer mailer, Ecogestures catalogue) {
        this.clock = clock;
        this.mail = mail;
        this.mailer = mailer;
        this.catalogue = catalogue;
    }

    /** What one run did. */
    public record Run(int raised, int mailed, int rateLimited, int failed, int reports, int challengesDecided) {
    }

    public Run run(Connection c) throws SQLException {
        int[] n = new int[6];
        for (Household h : Households.list(c)) {
            String id = h.id().value();
            try {
                EngageSettings s = SettingsStore.of(c, id);
                HouseholdConsumption hc = new HouseholdConsumption(c, id);
                n[0] += evaluate(c, hc, s);
                if (mailer != null) {
                    int[] m = sendPending(c, hc, s);
                    n[1] += m[0];
                    n[2] += m[1];
                    n[3] += m[2];
                    n[4] += sendReport(c, hc, s) ? 1 : 0;
                }
            } catch (SQLException | RuntimeException e) {
                // One household's trouble must not stop the others' alerts; it is tried again on the next run.
                LOG.warn("alerts of household {} not evaluated: {}", id, e.toString());
            }
        }
        for (ChallengeStore.Challenge ch : ChallengeStore.open(c)) {
            HouseholdConsumption hc = new HouseholdConsumption(c, ch.household());
            if (ChallengeView.view(c, hc, ch, hc.today(clock), clock.instant()).getString("result") != null) {
                n[5]++;
            }
        }
        return new Run(n[0], n[1], n[2], n[3], n[4], n[5]);
    }

    /** Raises what holds now; answers how many new occurrences. */
    int evaluate(Connection c, HouseholdConsumption hc, EngageSettings s) throws SQLException {
        Instant now = clock.instant();
        LocalDate today = hc.today(clock);
        List<Raise> found = new ArrayList<>();
        List<Fluid> fluids = hc.fluids();
        if (s.wants(AlertKind.LEAK) && fluids.contains(Fluid.WATER)) {
            leak(hc, now).ifPresent(found::add);
        }
        if (s.wants(AlertKind.UNUSUAL)) {
            for (Fluid f : fluids) {
                found.addAll(unusual(hc, f, today));
            }
        }
        if (s.wants(AlertKind.NO_DATA)) {
            for (Meter m : hc.meters()) {
                Instant last = HouseholdData.lastReading(c, m.id());
                if (AlertRules.silent(last, m.createdAt(), now)) {
                    found.add(new Raise(AlertKind.NO_DATA, m.code().value() + "@" + (last == null ? "never" : last.toString()),
                            new JsonObject().put("meter", m.code().value()).put("fluid", MonthlyReport.wire(m.fluid()))
                                    .put("last", last == null ? null : last.toString())));
                }
            }
        }
        if (s.wants(AlertKind.TEMPO_RED) && hc.meters().stream().anyMatch(m -> "TEMPO".equals(m.tariffOption()))) {
            LocalDate tomorrow = today.plusDays(1);
            if (CalendarStore.tempoColour(c, tomorrow).orElse(null) == TempoColour.RED) {
                found.add(new Raise(AlertKind.TEMPO_RED, tomorrow.toString(), new JsonObject().put("day", tomorrow.toString())));
            }
        }
        if (s.wants(AlertKind.BUDGET) && s.budgetEur() != null) {
            ForecastView.Result f = ForecastView.build(hc, today, s.budgetEur());
            if (f.monthEur() != null && AlertRules.budgetAtRisk(f.monthEur(), s.budgetEur())) {
                String month = YearMonth.from(today).toString();
                found.add(new Raise(AlertKind.BUDGET, month, new JsonObject().put("month", month)
                        .put("forecastEur", Math.round(f.monthEur() * 100) / 100.0).put("budgetEur", s.budgetEur())));
            }
        }
        int raised = 0;
        for (Raise r : found) {
            if (AlertStore.raise(c, hc.id(), r.kind(), r.occurrence(), now, r.detail(),
                    mailer != null && s.mails(r.kind()) ? "pending" : "none").isPresent()) {
                raised++;
                LOG.info("alert {} {} raised for household {}", r.kind(), r.occurrence(), hc.id());
            }
        }
        return raised;
    }

    record Raise(AlertKind kind, String occurrence, JsonObject detail) {
    }

    /** The last whole night (01:00-05:00 local, read after 05:00): water in every half-hour. */
    java.util.Optional<Raise> leak(HouseholdConsumption hc, Instant now) throws SQLException {
        ZonedDateTime local = now.atZone(hc.zone());
        LocalDate night = local.getHour() >= AlertRules.NIGHT_FROM_HOUR + AlertRules.NIGHT_SLOTS / 2 ? local.toLocalDate()
                : local.toLocalDate().minusDays(1);
        List<Double> slots = new ArrayList<>();
        for (SeriesPoint p : hc.halfHours(Fluid.WATER, night, night.plusDays(1))) {
            int h = p.localStart().getHour();
            if (h >= AlertRules.NIGHT_FROM_HOUR && h < AlertRules.NIGHT_FROM_HOUR + AlertRules.NIGHT_SLOTS / 2) {
                slots.add(p.quantity());
            }
        }
        if (slots.isEmpty()) {
            return dailyLeak(hc, local.toLocalDate());
        }
        if (!AlertRules.continuousNightFlow(slots)) {
            return java.util.Optional.empty();
        }
        double min = slots.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double sum = slots.stream().mapToDouble(Double::doubleValue).sum();
        return java.util.Optional.of(new Raise(AlertKind.LEAK, night.toString(),
                new JsonObject().put("night", night.toString()).put("minLitres", min).put("litres", sum)));
    }

    /**
     * Without half-hourly water (a daily index), the floor under the last days ({@link AlertRules#dailyLeak}), on the
     * last complete day if it is at most 3 days old (utilities deliver late; an older one is the silent meter's alert).
     * One occurrence per unbroken run of days on which the rule held: the same leak seen on the following days is not
     * raised again (a leak left for more than 180 days is raised anew, as a reminder).
     */
    java.util.Optional<Raise> dailyLeak(HouseholdConsumption hc, LocalDate today) throws SQLException {
        TreeMap<LocalDate, Double> days = new TreeMap<>();
        hc.days(Fluid.WATER, today.minusDays(3 + AlertRules.LEAK_DAYS + AlertRules.LEAK_HISTORY_DAYS + 180), today)
                .forEach((d, p) -> days.put(d, p.quantity()));
        if (days.isEmpty() || days.lastKey().isBefore(today.minusDays(3))) {
            return java.util.Optional.empty();
        }
        return AlertRules.dailyLeak(days, days.lastKey()).map(l -> new Raise(AlertKind.LEAK, "daily@" + l.from(),
                new JsonObject().put("basis", "daily").put("from", l.from().toString()).put("to", l.to().toString())
                        .put("days", AlertRules.LEAK_DAYS).put("lowestLitres", l.lowest()).put("floorLitres", l.floor())
                        .put("litresPerHour", l.litresPerHour())));
    }

    /** The last three whole days (utilities deliver late), each against the 28 days before it. */
    List<Raise> unusual(HouseholdConsumption hc, Fluid f, LocalDate today) throws SQLException {
        TreeMap<LocalDate, SeriesPoint> days = hc.days(f, today.minusDays(3 + AlertRules.HISTORY_DAYS), today);
        List<Raise> out = new ArrayList<>();
        for (Map.Entry<LocalDate, SeriesPoint> d : days.tailMap(today.minusDays(3)).entrySet()) {
            List<Double> history = days.subMap(d.getKey().minusDays(AlertRules.HISTORY_DAYS), d.getKey()).values().stream()
                    .map(SeriesPoint::quantity).toList();
            OptionalDouble ratio = AlertRules.unusual(d.getValue().quantity(), history);
            if (ratio.isPresent()) {
                double usual = history.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                out.add(new Raise(AlertKind.UNUSUAL, MonthlyReport.wire(f) + "@" + d.getKey(), new JsonObject()
                        .put("fluid", MonthlyReport.wire(f)).put("unit", f.unit()).put("day", d.getKey().toString())
                        .put("quantity", d.getValue().quantity()).put("usual", usual).put("ratio", ratio.getAsDouble())));
            }
        }
        return out;
    }

    /** Sends the pending alert e-mails within the day's limit: {sent, rate limited, failed}. */
    int[] sendPending(Connection c, HouseholdConsumption hc, EngageSettings s) throws SQLException {
        int[] n = new int[3];
        Instant now = clock.instant();
        int sent = AlertStore.mailsSince(c, hc.id(), now.minus(Duration.ofHours(24)));
        MailTexts texts = new MailTexts(locale(c, hc.id()));
        for (Alert a : AlertStore.pendingMails(c, hc.id())) {
            if (s.email() == null || !s.mails(a.kind())) {
                AlertStore.setMail(c, a.id(), "none", null, false); // turned off since it was raised
            } else if (sent >= mail.maxAlertMailsPerDay()) {
                AlertStore.setMail(c, a.id(), "rate_limited", null, false);
                n[1]++;
            } else {
                try {
                    mailer.send(s.email(), texts.alertSubject(a), texts.alertBody(a, hc.zone()), null);
                    AlertStore.setMail(c, a.id(), "sent", clock.instant(), true);
                    sent++;
                    n[0]++;
                } catch (Exception e) {
                    int attempts = AlertStore.setMail(c, a.id(), "pending", null, true);
                    LOG.warn("alert e-mail {} to household {} failed (attempt {}): {}", a.id(), hc.id(), attempts, e.toString());
                    if (attempts >= MAX_ATTEMPTS) {
                        AlertStore.setMail(c, a.id(), "failed", null, false);
                        n[2]++;
                    }
                }
            }
        }
        return n;
    }

    /** The last month's report, once, from the 2nd (a day for the utilities' late data). */
    boolean sendReport(Connection c, HouseholdConsumption hc, EngageSettings s) throws SQLException {
        LocalDate today = hc.today(clock);
        YearMonth month = YearMonth.from(today).minusMonths(1);
        if (!s.reportEmail() || s.email() == null || today.getDayOfMonth() < 2 || AlertStore.reportSent(c, hc.id(), month.atDay(1))) {
            return false;
        }
        MailTexts texts = new MailTexts(locale(c, hc.id()));
        JsonObject report = MonthlyReport.build(hc, month, new GestureView(c, hc, catalogue, today));
        try {
            mailer.send(s.email(), texts.reportSubject(month), texts.reportBody(report), texts.reportHtml(report, month, hc.household().name()));
        } catch (Exception e) {
            LOG.warn("monthly report e-mail to household {} failed, tried again next run: {}", hc.id(), e.toString());
            return false;
        }
        AlertStore.recordReport(c, hc.id(), month.atDay(1), clock.instant());
        return true;
    }

    static String locale(Connection c, String household) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(EngageSql.HOUSEHOLD_LOCALE)) {
            ps.setString(1, household);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "fr";
            }
        }
    }
}

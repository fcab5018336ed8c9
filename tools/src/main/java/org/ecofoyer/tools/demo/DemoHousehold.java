package org.ecofoyer.tools.demo;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Random;
import org.postgresql.PGConnection;

/**
 * The demo household's electricity history, so that every page has something to show on a fresh laptop: a Linky on
 * HP/HC (indexes every half-hour) from 400 days ago (or its last reading) up to now, written as raw readings and marked
 * dirty, so that the real aggregation builds the rollups. A plausible home: a standby of ~150 W, morning and evening
 * peaks, electric heating in winter, more at weekends, one six-hour gateway outage four days ago (shown as
 * estimated); deterministic per instant. Gas and water come from the demo's
 * fake utility servers through the real sync ({@code DemoUtilities}); an electricity meter another part of the demo
 * created is left alone.
 */
public final class DemoHousehold {
    public static final String ELECTRICITY = "demo-elec";
    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    static final int HISTORY_DAYS = 400;
    static final int OUTAGE_DAYS_AGO = 4;

    private DemoHousehold() {
    }

    /** Adds the missing meters and readings up to {@code now}; returns how many readings were written. */
    public static long fill(Connection c, Instant now) throws SQLException {
        long n = 0;
        if (meter(c, ELECTRICITY, "ELECTRICITY", "LINKY_TIC", "HPHC", 6)) {
            n += electricity(c, now);
        }
        return n;
    }

    /** Creates the meter if the household has none of that fluid; whether it is ours to fill. */
    private static boolean meter(Connection c, String code, String fluid, String kind, String option, Integer kva) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT code FROM meter WHERE household_id = ? AND fluid = ?")) {
            ps.setString(1, DemoAccount.HOUSEHOLD);
            ps.setString(2, fluid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1).equals(code);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO meter (code, household_id, fluid, kind, tariff_option, subscribed_kva)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, code);
            ps.setString(2, DemoAccount.HOUSEHOLD);
            ps.setString(3, fluid);
            ps.setString(4, kind);
            ps.setString(5, option);
            ps.setObject(6, kva);
            ps.executeUpdate();
        }
        return true;
    }

    private record Last(int meterId, Instant instant, long hp, long hc) {
    }

    private static Last last(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT m.id, max(r.instant),"
                + " max(r.value) FILTER (WHERE r.channel = 'index.HP'), max(r.value) FILTER (WHERE r.channel = 'index.HC')"
                + " FROM meter m LEFT JOIN reading r ON r.meter_id = m.id WHERE m.code = ? GROUP BY m.id")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(2);
                return new Last(rs.getInt(1), t == null ? null : t.toInstant(), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    /** Mean power (W) of the half-hour starting at {@code t}. */
    static double watts(ZonedDateTime t) {
        double hour = t.getHour() + t.getMinute() / 60.0;
        boolean weekend = t.getDayOfWeek().getValue() >= 6;
        double p = 150;
        p += bump(hour, 7.5, 1.2) * (weekend ? 600 : 900);
        p += bump(hour, 12.5, 1.0) * (weekend ? 900 : 250);
        p += bump(hour, 19.5, 2.0) * 1400;
        double winter = Math.max(0, Math.cos(2 * Math.PI * (t.getDayOfYear() - 15) / 365.0));
        p += winter * (hour < 6 || hour >= 22 ? 1300 : 700);
        Random r = new Random(t.toEpochSecond());
        return p * (0.8 + 0.4 * r.nextDouble());
    }

    private static double bump(double hour, double centre, double width) {
        double d = (hour - centre) / width;
        return Math.exp(-d * d);
    }

    private static long electricity(Connection c, Instant now) throws SQLException {
        Last last = last(c, ELECTRICITY);
        ZonedDateTime t = last.instant() == null
                ? LocalDate.now(ZONE).minusDays(HISTORY_DAYS).atStartOfDay(ZONE)
                : last.instant().atZone(ZONE);
        long hp = last.instant() == null ? 12_345_000 : last.hp();
        long hc = last.instant() == null ? 8_765_000 : last.hc();
        StringBuilder csv = new StringBuilder();
        long rows = 0;
        Instant first = t.toInstant();
        if (last.instant() == null) {
            rows += line(csv, last.meterId(), "index.HP", t.toInstant(), hp) + line(csv, last.meterId(), "index.HC", t.toInstant(), hc);
        }
        // A fresh history has one gateway outage (4 days ago, 09:00-15:00): the aggregation spreads the energy over
        // the gap and flags it estimated, so the charts' hatching has something to show.
        LocalDate outageDay = last.instant() == null ? now.atZone(ZONE).toLocalDate().minusDays(OUTAGE_DAYS_AGO) : null;
        while (!t.plusMinutes(30).toInstant().isAfter(now)) {
            long wh = Math.round(watts(t) / 2);
            boolean offPeak = t.getHour() < 6 || t.getHour() >= 22;
            if (offPeak) {
                hc += wh;
            } else {
                hp += wh;
            }
            t = t.plusMinutes(30);
            boolean outage = t.toLocalDate().equals(outageDay) && t.getHour() >= 9 && t.getHour() < 15;
            if (!outage) {
                rows += line(csv, last.meterId(), "index.HP", t.toInstant(), hp) + line(csv, last.meterId(), "index.HC", t.toInstant(), hc);
            }
        }
        return copy(c, csv, rows, last.meterId(), first);
    }

    private static int line(StringBuilder csv, int meter, String channel, Instant at, long value) {
        csv.append(meter).append(',').append(channel).append(',').append(at).append(',').append(value).append('\n');
        return 1;
    }

    /** Writes the rows and marks the meter dirty from the first one, in one transaction. */
    private static long copy(Connection c, StringBuilder csv, long rows, int meterId, Instant from) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY reading (meter_id, channel, instant, value) FROM STDIN WITH (FORMAT csv)", new StringReader(csv.toString()));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading_dirty (meter_id, since) VALUES (?, ?)"
                    + " ON CONFLICT (meter_id) DO UPDATE SET since = least(reading_dirty.since, excluded.since), marked_at = clock_timestamp()")) {
                ps.setInt(1, meterId);
                ps.setTimestamp(2, Timestamp.from(from));
                ps.executeUpdate();
            }
            c.commit();
        } catch (IOException e) {
            c.rollback();
            throw new SQLException("cannot write the demo readings: " + e.getMessage(), e);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return rows;
    }
}

package org.ecofoyer.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.ecofoyer.aggregation.OffPeakHours;
import org.ecofoyer.drivers.Channels;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.ingest.IngestMetrics;
import org.ecofoyer.ingest.ReadingWriter;
import org.ecofoyer.ingest.WriterConfig;

/**
 * The demo household's electricity history: an HP/HC Linky (historique registers, a reading at every half-hour
 * boundary) from 400 days ago (or from where the last demo run stopped) until now, written through the ingest writer
 * like any source; the recompute then rolls it up and the dashboard's charts read those rollups. (Gas and water come
 * from the fake utility servers through the real sync: {@code DemoUtilities}.) One afternoon three days ago has a 3-hour hole, so that the
 * demo shows an estimated stretch. Deterministic (seeded by the date), so restarts add only what is missing.
 */
public final class DemoHistory {
    static final String LINKY = "demo-linky";
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final OffPeakHours HC = OffPeakHours.DEFAULT;

    private DemoHistory() {
    }

    /** Ensures the demo meters exist and their readings reach {@code now}; returns how many readings were written. */
    public static long ensure(DataSource ds, String householdId, Instant now) throws Exception {
        try (Connection c = ds.getConnection()) {
            meter(c, LINKY, householdId, "ELECTRICITY", "LINKY_TIC", "HPHC", 6);
        }
        Instant earliest = now.minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.DAYS);
        List<Reading> readings = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            electricity(readings, last(c, LINKY, Channels.index("HP")), lastValue(c, LINKY, Channels.index("HP")),
                    lastValue(c, LINKY, Channels.index("HC")), earliest, now);
        }
        if (readings.isEmpty()) {
            return 0;
        }
        ReadingWriter writer = new ReadingWriter(ds, WriterConfig.DEFAULTS, IngestMetrics.inMemory()).start();
        long written = 0;
        try {
            for (int i = 0; i < readings.size(); i += 20_000) {
                written += writer.submit(readings.subList(i, Math.min(readings.size(), i + 20_000)))
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES).written();
            }
        } finally {
            writer.close(Duration.ofSeconds(30));
        }
        return written;
    }

    private static void electricity(List<Reading> out, Instant last, Long lastHp, Long lastHc, Instant earliest, Instant now) {
        Instant t = last == null ? earliest : last.plus(Duration.ofMinutes(30));
        long hp = lastHp == null ? 12_345_000 : lastHp;
        long hc = lastHc == null ? 6_789_000 : lastHc;
        LocalDate hole = LocalDateTime.ofInstant(now, PARIS).toLocalDate().minusDays(3);
        for (; !t.isAfter(now); t = t.plus(Duration.ofMinutes(30))) {
            LocalDateTime local = LocalDateTime.ofInstant(t, PARIS);
            LocalDateTime slot = local.minusMinutes(30); // the reading at t closes the half-hour before it
            long wh = halfHourWh(slot);
            if (HC.isOffPeak(slot.toLocalTime())) {
                hc += wh;
            } else {
                hp += wh;
            }
            boolean inHole = local.toLocalDate().equals(hole) && local.getHour() >= 14 && local.getHour() < 17;
            if (!inHole) {
                out.add(new Reading(LINKY, t, Channels.index("HP"), hp));
                out.add(new Reading(LINKY, t, Channels.index("HC"), hc));
            }
        }
    }

    /** A plausible household: standby, breakfast, evening peak, electric water heater in off-peak, winter heating. */
    static long halfHourWh(LocalDateTime slot) {
        Random r = new Random(slot.toLocalDate().toEpochDay() * 48 + slot.getHour() * 2L + slot.getMinute() / 30);
        int h = slot.getHour();
        double winter = Math.max(0, Math.cos((slot.getDayOfYear() - 15) / 365.0 * 2 * Math.PI));
        double watts = 160 + 60 * r.nextDouble();
        if (h >= 7 && h < 9) {
            watts += 700 * r.nextDouble();
        }
        if (h >= 18 && h < 22) {
            watts += 600 + 1400 * r.nextDouble();
        }
        if (h >= 23 || h < 2) {
            watts += 1800; // water heater on off-peak
        }
        if (h >= 6 && h < 23) {
            watts += 1200 * winter * r.nextDouble();
        }
        if (slot.getDayOfWeek().getValue() >= 6 && h >= 10 && h < 18) {
            watts += 500 * r.nextDouble();
        }
        return Math.round(watts / 2);
    }

    private static Instant last(Connection c, String code, String channel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT max(r.instant) FROM reading r JOIN meter m ON m.id = r.meter_id WHERE m.code = ? AND r.channel = ?")) {
            ps.setString(1, code);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        }
    }

    private static Long lastValue(Connection c, String code, String channel) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT r.value FROM reading r JOIN meter m ON m.id = r.meter_id"
                + " WHERE m.code = ? AND r.channel = ? ORDER BY r.instant DESC LIMIT 1")) {
            ps.setString(1, code);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static void meter(Connection c, String code, String household, String fluid, String kind, String option, Integer kva)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO meter (code, household_id, fluid, kind, tariff_option, subscribed_kva) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (code) DO NOTHING""")) {
            ps.setString(1, code);
            ps.setString(2, household);
            ps.setString(3, fluid);
            ps.setString(4, kind);
            ps.setString(5, option);
            ps.setObject(6, kva);
            ps.executeUpdate();
        }
    }
}

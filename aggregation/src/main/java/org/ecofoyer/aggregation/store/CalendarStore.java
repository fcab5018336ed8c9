package org.ecofoyer.aggregation.store;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.ecofoyer.aggregation.maths.MeterSpec;
import org.ecofoyer.aggregation.maths.OffPeakHours;
import org.ecofoyer.aggregation.maths.PeriodCalendar;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.core.TempoColour;
import org.ecofoyer.storage.RecomputeMarks;

/** Tariff calendars in the database: off-peak windows per meter, register meanings, Tempo colours, DJU. Blocking. */
public final class CalendarStore {
    private CalendarStore() {
    }

    /** The Tempo colours known for the days in [from, to) (imported or learned from the meters' announcements). */
    public static Map<LocalDate, TempoColour> tempoDays(Connection c, LocalDate from, LocalDate to) throws SQLException {
        Map<LocalDate, TempoColour> tempo = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(RollupSql.TEMPO_DAYS)) {
            ps.setDate(1, Date.valueOf(from));
            ps.setDate(2, Date.valueOf(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tempo.put(rs.getDate(1).toLocalDate(), TempoColour.valueOf(rs.getString(2)));
                }
            }
        }
        return tempo;
    }

    /**
     * The tariff period a meter is in at a local time, from its option and the calendars (off-peak windows, Tempo
     * colours, EJP days) as the rollups read them: the live page's "heures creuses" is the rollups' own.
     */
    public static String periodAt(Connection c, org.ecofoyer.core.Meter meter, java.time.LocalDateTime local) throws SQLException {
        org.ecofoyer.core.Meter m = org.ecofoyer.ingest.query.MeterFactsQuery.withSubscription(c, meter); // learned option first (#16)
        MeterSpec spec = MeterSpec.of(m.id(), m.fluid(), m.tariffOption(), m.subscribedKva(), m.zone());
        LocalDate day = local.toLocalDate();
        return calendar(c, spec, day.minusDays(1), day.plusDays(2)).periodAt(local);
    }

    /** The EJP peak days known in [from, to). */
    public static java.util.Set<LocalDate> ejpDays(Connection c, LocalDate from, LocalDate to) throws SQLException {
        java.util.Set<LocalDate> ejp = new java.util.TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement(RollupSql.EJP_DAYS)) {
            ps.setDate(1, Date.valueOf(from));
            ps.setDate(2, Date.valueOf(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ejp.add(rs.getDate(1).toLocalDate());
                }
            }
        }
        return ejp;
    }

    static PeriodCalendar calendar(Connection c, MeterSpec meter, LocalDate from, LocalDate to) throws SQLException {
        TreeMap<LocalDate, OffPeakHours> offPeak = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(RollupSql.OFFPEAK)) {
            ps.setInt(1, meter.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    offPeak.put(rs.getDate(1).toLocalDate(), OffPeakHours.parse(rs.getString(2)));
                }
            }
        }
        Map<LocalDate, TempoColour> tempo = meter.option() == TariffOption.TEMPO ? tempoDays(c, from, to) : new HashMap<>();
        java.util.Set<LocalDate> ejp = meter.option() == TariffOption.EJP ? ejpDays(c, from.minusDays(1), to) : new java.util.HashSet<>();
        return new PeriodCalendar(meter.option(), offPeak, tempo, ejp);
    }

    /** The Tempo colour of a day (06:00 to 06:00, labelled with its start), if announced. */
    public static java.util.Optional<TempoColour> tempoColour(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RollupSql.TEMPO_DAYS)) {
            ps.setDate(1, Date.valueOf(day));
            ps.setDate(2, Date.valueOf(day.plusDays(1)));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(TempoColour.valueOf(rs.getString(2))) : java.util.Optional.empty();
            }
        }
    }

    static Map<String, String> registerPeriods(Connection c, int meterId) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(RollupSql.REGISTER_PERIODS)) {
            ps.setInt(1, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Sets a meter's off-peak windows from a date on (validated first) and marks the meter dirty from then. */
    public static void setOffPeak(Connection c, int meterId, LocalDate from, String hours, Instant fromInstant) throws SQLException {
        OffPeakHours.parse(hours);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO meter_offpeak (meter_id, valid_from, hours) VALUES (?, ?, ?)
                ON CONFLICT (meter_id, valid_from) DO UPDATE SET hours = excluded.hours""")) {
            ps.setInt(1, meterId);
            ps.setDate(2, Date.valueOf(from));
            ps.setString(3, hours);
            ps.executeUpdate();
        }
        RecomputeMarks.mark(c, meterId, fromInstant);
    }

    /**
     * Records the off-peak windows a utility reports for a meter (the Enedis contract's {@code offpeak_hours}, read at
     * each sync): nothing happens while they are unchanged; the first ones apply from {@code firstDay} (the start of
     * the meter's history), a change from {@code today}. Returns whether the calendar changed.
     */
    public static boolean offPeakReported(Connection c, int meterId, String hours, LocalDate firstDay, LocalDate today,
                                          java.time.ZoneId zone) throws SQLException {
        OffPeakHours reported = OffPeakHours.parse(hours);
        java.util.List<OffPeakHours.Window> current = null;
        try (PreparedStatement ps = c.prepareStatement(RollupSql.OFFPEAK)) {
            ps.setInt(1, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    current = OffPeakHours.parse(rs.getString(2)).windows();
                }
            }
        }
        if (reported.windows().equals(current)) {
            return false;
        }
        LocalDate from = current == null ? firstDay : today;
        setOffPeak(c, meterId, from, hours, from.atStartOfDay(zone).toInstant());
        return true;
    }

    /** Stores Tempo colours and marks the Tempo meters dirty from the first day. */
    public static void setTempo(Connection c, Map<LocalDate, TempoColour> days) throws SQLException {
        if (days.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO tempo_day (day, colour) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET colour = excluded.colour""")) {
            for (Map.Entry<LocalDate, TempoColour> e : days.entrySet()) {
                ps.setDate(1, Date.valueOf(e.getKey()));
                ps.setString(2, e.getValue().name());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        markTempoMeters(c, new TreeMap<>(days).firstKey());
    }

    /** Marks every Tempo meter dirty from 06:00 of a Tempo day (its start), local time of its household. */
    private static void markTempoMeters(Connection c, LocalDate first) throws SQLException {
        RecomputeMarks.markAll(c, RollupSql.TEMPO_METERS_FROM_DAY, ps -> ps.setDate(1, Date.valueOf(first)));
    }

    /**
     * Learns the Tempo colours a meter announced ({@code tempo.today}, {@code tempo.tomorrow} readings) since an
     * instant (from a day before it, so that a colour announced the evening before is seen): each Tempo day takes the
     * latest announcement for it. Writes only the days whose colour is new or changed, and marks the Tempo meters
     * dirty from the first of them (their rollups are priced by colour). Returns the days written.
     */
    static int learnTempo(Connection c, int meterId, Instant since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RollupSql.LEARN_TEMPO)) {
            ps.setInt(1, meterId);
            ps.setTimestamp(2, Timestamp.from(since.minus(Duration.ofDays(1))));
            TreeMap<LocalDate, TempoColour> changed = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.put(rs.getDate(1).toLocalDate(), TempoColour.valueOf(rs.getString(2)));
                }
            }
            if (!changed.isEmpty()) {
                markTempoMeters(c, changed.firstKey());
            }
            return changed.size();
        }
    }

    /**
     * Stores EJP peak days (an imported calendar) and marks the EJP meters dirty from the first one. Returns how many
     * were new.
     */
    public static int setEjp(Connection c, java.util.Collection<LocalDate> days) throws SQLException {
        TreeMap<LocalDate, Boolean> added = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(RollupSql.ADD_EJP_DAY)) {
            for (LocalDate d : new java.util.TreeSet<>(days)) {
                ps.setDate(1, Date.valueOf(d));
                if (ps.executeUpdate() > 0) {
                    added.put(d, true);
                }
            }
        }
        if (!added.isEmpty()) {
            markEjpMeters(c, added.firstKey());
        }
        return added.size();
    }

    /**
     * Learns the EJP peak days a meter announced ({@code ejp.peak} readings) since a day before an instant: new days
     * are stored and the EJP meters marked dirty from the first of them. Returns the new days.
     */
    static int learnEjp(Connection c, int meterId, Instant since) throws SQLException {
        TreeMap<LocalDate, Boolean> added = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(RollupSql.LEARN_EJP)) {
            ps.setInt(1, meterId);
            ps.setTimestamp(2, Timestamp.from(since.minus(Duration.ofDays(1))));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    added.put(rs.getDate(1).toLocalDate(), true);
                }
            }
        }
        if (!added.isEmpty()) {
            markEjpMeters(c, added.firstKey());
        }
        return added.size();
    }

    /** Marks every EJP meter dirty from the start of a local date. */
    private static void markEjpMeters(Connection c, LocalDate first) throws SQLException {
        RecomputeMarks.markAll(c, RollupSql.EJP_METERS_FROM_DAY, ps -> ps.setDate(1, Date.valueOf(first)));
    }

    /** Stores degree-days of a zone. */
    public static void setDegreeDays(Connection c, String zone, Map<LocalDate, Double> dju) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO degree_day (zone, day, dju) VALUES (?, ?, ?) ON CONFLICT (zone, day) DO UPDATE SET dju = excluded.dju""")) {
            for (Map.Entry<LocalDate, Double> e : dju.entrySet()) {
                ps.setString(1, zone);
                ps.setDate(2, Date.valueOf(e.getKey()));
                ps.setDouble(3, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}

package org.ecofoyer.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Hand-made rollups (what aggregation would have stored) with round numbers, so that every expected figure in the
 * tests can be worked out by hand. "Today" is 2026-11-15 (a Sunday), 13:00 in Paris.
 *
 * <ul>
 *   <li>H1 electricity, 1-15 Nov 2026: each day 10 kWh (HP 6 kWh 1.30 €, HC 4 kWh 0.70 €), 2.00 €, subscription
 *       0.50 €/day; 3 Nov is estimated, 15 Nov incomplete.</li>
 *   <li>H1 electricity, 1-15 Oct 2026: each day 12 kWh (HP 7 / HC 5), 2.40 €. 1-15 Nov 2025: each day 8 kWh, 1.50 €.</li>
 *   <li>H1 electricity half-hours of 14 Nov 2026: 100 Wh each, except 01:00 (50 Wh) and 19:00 (900 Wh).</li>
 *   <li>H1 water, 1-15 Nov 2026 and 1-15 Oct 2026: each day 150 L, 0.60 € (the same as last month).</li>
 *   <li>H2 electricity, 1-15 Nov 2026: each day 99 kWh (must never show up for H1).</li>
 * </ul>
 */
public final class Fixtures {
    public static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-15T12:00:00Z"), ZoneOffset.UTC);
    static final String INSERT = "INSERT INTO rollup (meter_id, granularity, start_at, local_start, period, quantity, cost_eur, estimated, incomplete)"
            + " SELECT id, ?, ?, ?, ?, ?, ?, ?, ? FROM meter WHERE code = ?";

    private Fixtures() {
    }

    public static void load(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int d = 1; d <= 15; d++) {
                LocalDateTime nov = LocalDate.of(2026, 11, d).atStartOfDay();
                boolean estimated = d == 3;
                boolean incomplete = d == 15;
                row(ps, "H1-elec", 1, nov, "total", 10_000, 2.00, estimated, incomplete);
                row(ps, "H1-elec", 1, nov, "HP", 6_000, 1.30, estimated, incomplete);
                row(ps, "H1-elec", 1, nov, "HC", 4_000, 0.70, estimated, incomplete);
                row(ps, "H1-elec", 1, nov, "subscription", 0, 0.50, false, false);
                LocalDateTime oct = LocalDate.of(2026, 10, d).atStartOfDay();
                row(ps, "H1-elec", 1, oct, "total", 12_000, 2.40, false, false);
                row(ps, "H1-elec", 1, oct, "HP", 7_000, 1.50, false, false);
                row(ps, "H1-elec", 1, oct, "HC", 5_000, 0.90, false, false);
                row(ps, "H1-elec", 1, LocalDate.of(2025, 11, d).atStartOfDay(), "total", 8_000, 1.50, false, false);
                row(ps, "H1-water", 1, nov, "total", 150, 0.60, false, incomplete);
                row(ps, "H1-water", 1, oct, "total", 150, 0.60, false, false);
                row(ps, "H2-elec", 1, nov, "total", 99_000, 19.80, false, false);
            }
            for (int slot = 0; slot < 48; slot++) {
                LocalDateTime t = LocalDate.of(2026, 11, 14).atTime(slot / 2, slot % 2 * 30);
                long wh = slot == 2 ? 50 : slot == 38 ? 900 : 100;
                row(ps, "H1-elec", 0, t, "total", wh, wh * 0.0002, false, false);
            }
            row(ps, "H1-elec", 2, LocalDate.of(2026, 10, 1).atStartOfDay(), "total", 180_000, 36.0, false, false);
            row(ps, "H1-elec", 2, LocalDate.of(2026, 11, 1).atStartOfDay(), "total", 150_000, 30.0, true, true);
            ps.executeBatch();
        }
        // The day rows carry their half-hours' totals, as the recompute writes them (the analyses read those).
        org.ecofoyer.aggregation.store.Recompute.fillDayHalfHours(c);
    }

    private static void row(PreparedStatement ps, String meter, int granularity, LocalDateTime local, String period,
                            long quantity, double cost, boolean estimated, boolean incomplete) throws SQLException {
        ps.setInt(1, granularity);
        ps.setTimestamp(2, Timestamp.from(local.atZone(PARIS).toInstant()));
        ps.setObject(3, local);
        ps.setString(4, period);
        ps.setLong(5, quantity);
        ps.setBigDecimal(6, java.math.BigDecimal.valueOf(cost));
        ps.setBoolean(7, estimated);
        ps.setBoolean(8, incomplete);
        ps.setString(9, meter);
        ps.addBatch();
    }
}

package org.ecofoyer.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Test fixtures on a real database: households and meters, and reading back what was written. */
public final class TestMeters {
    private TestMeters() {
    }

    public static void addMeter(DataSource ds, String code) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO household (id) VALUES ('h-" + code + "') ON CONFLICT DO NOTHING");
            st.execute("INSERT INTO meter (code, household_id, fluid, kind, external_id) VALUES ('" + code + "', 'h-" + code
                    + "', 'ELECTRICITY', 'LINKY_TIC', '" + code + "')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long readings(DataSource ds, String code) {
        return count(ds, "SELECT count(*) FROM reading r JOIN meter m ON m.id = r.meter_id WHERE m.code = ?", code);
    }

    public static Instant dirtySince(DataSource ds, String code) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT d.since FROM reading_dirty d JOIN meter m ON m.id = d.meter_id WHERE m.code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * "channel@instant=value" for each reading of a meter as the readers see it — hot rows and compacted blocks merged
     * (ingest.query) — in key order: {@link #rows} of the same meter before compaction.
     */
    public static List<String> stored(DataSource ds, String code) {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            int id = (int) count(ds, "SELECT id FROM meter WHERE code = ?", code);
            for (String ch : org.ecofoyer.ingest.query.Readings.channels(c, id)) {
                org.ecofoyer.ingest.query.ReadingCopy.Columns r = org.ecofoyer.ingest.query.ReadingCopy.read(c, id, ch, null);
                for (int i = 0; i < r.size(); i++) {
                    out.add(ch + "@" + org.ecofoyer.ingest.query.ReadingCopy.instant(r.micros()[i]) + "=" + r.values()[i]);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** "channel@instant=value" for each stored reading of a meter, in key order. */
    public static List<String> rows(DataSource ds, String code) {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT channel, instant, value FROM reading r JOIN meter m ON m.id = r.meter_id WHERE m.code = ?"
                        + " ORDER BY channel, instant")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "@" + rs.getTimestamp(2).toInstant() + "=" + rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}

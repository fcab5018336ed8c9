package org.ecofoyer.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.ecofoyer.core.Channels;

/**
 * What a {@link LinkyFleet}'s meters have in the store, read the way faults show: each stored total index is one
 * publication (every frame of a meter carries its own value), so a value stored under two instants is a publication
 * stored twice — counted by value, not on the table's key, whose conflicts hide nothing of that kind.
 */
public final class StoredIndex {
    private StoredIndex() {
    }

    /**
     * Rows of a moving index beyond the first for their (meter, value): publications stored again under another instant.
     * A double only because {@link LinkyFleet} moves the index in every publication: a real idle meter sends the same
     * value for hours, and downsampling may store it again (its last still value before it moves), which is no double.
     */
    public static long doubles(DataSource ds) {
        return TestMeters.count(ds, "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(DISTINCT instant) n FROM reading"
                + " WHERE channel = ? GROUP BY meter_id, value) g", Channels.INDEX_TOTAL);
    }

    /** The total index values of meter {@code code} in instant order. */
    public static List<Long> values(DataSource ds, String code) {
        List<Long> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT r.value FROM reading r"
                + " JOIN meter m ON m.id = r.meter_id WHERE m.code = ? AND r.channel = ? ORDER BY r.instant")) {
            ps.setString(1, code);
            ps.setString(2, Channels.INDEX_TOTAL);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Every (meter, channel, instant, value) row of the fleet's meters, as text: to compare two moments. */
    public static List<String> rows(DataSource ds) {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); var st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT m.code, r.channel, r.instant, r.value FROM reading r JOIN meter m ON m.id = r.meter_id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "/" + rs.getString(2) + "@" + rs.getTimestamp(3).toInstant() + "=" + rs.getLong(4));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /**
     * The fleet's store after recovery, once {@code published} publications are in and ingest has stopped in order:
     * per meter, the total index only rises in time (a publication stored again later would break it), holds only
     * values that meter published, and ends with the last one published (what downsampling held at a fault was kept
     * at the broker, not lost); and no publication is stored twice — including the messages in flight at the fault,
     * which the broker sends again and ingest, stamping them anew, must recognise (its redelivery rule). Empty when all
     * holds, else what is wrong.
     */
    public static List<String> problems(DataSource ds, LinkyFleet fleet, long published) {
        List<String> out = new ArrayList<>();
        long doubles = doubles(ds);
        System.out.println("doubles: " + doubles);
        if (doubles > 0) {
            out.add(doubles + " publication(s) stored twice (the same total index under two instants)");
        }
        for (int i = 0; i < fleet.meters(); i++) {
            List<Long> v = values(ds, LinkyFleet.meter(i));
            long last = fleet.lastTotal(i, published);
            if (v.isEmpty()) {
                out.add(LinkyFleet.meter(i) + ": nothing stored");
                continue;
            }
            for (int k = 1; k < v.size(); k++) {
                if (v.get(k) <= v.get(k - 1)) {
                    out.add(LinkyFleet.meter(i) + ": index goes from " + v.get(k - 1) + " to " + v.get(k));
                }
            }
            if (v.get(0) < LinkyFleet.total(0) || v.get(v.size() - 1) > last) {
                out.add(LinkyFleet.meter(i) + ": a value never published: " + v);
            }
            if (v.get(v.size() - 1) != last) {
                out.add(LinkyFleet.meter(i) + ": ends at " + v.get(v.size() - 1) + ", its last publication was " + last);
            }
        }
        return out;
    }
}

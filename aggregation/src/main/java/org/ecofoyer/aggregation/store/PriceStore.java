package org.ecofoyer.aggregation.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ecofoyer.aggregation.maths.Price;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.storage.RecomputeMarks;

/** The {@code price} table: load, seed, and operator changes that recompute the affected rollups. Blocking. */
public final class PriceStore {
    private PriceStore() {
    }

    public static List<Price> load(Connection c, Fluid fluid) throws SQLException {
        List<Price> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(RollupSql.PRICES)) {
            ps.setString(1, fluid.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp to = rs.getTimestamp(7);
                    out.add(new Price(Fluid.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getTimestamp(6).toInstant(), to == null ? null : to.toInstant(),
                            rs.getBigDecimal(8), rs.getString(9)));
                }
            }
        }
        return out;
    }

    /** Inserts the prices that are not there yet (an operator's correction of a seeded price is kept). */
    public static int seed(Connection c, Collection<Price> prices) throws SQLException {
        return write(c, RollupSql.SEED_PRICE, prices);
    }

    /**
     * Adds or corrects prices, and marks every meter of their fluids dirty from the earliest start, so that the
     * recompute replaces the affected rollups. Call inside a transaction.
     */
    public static int upsert(Connection c, Collection<Price> prices) throws SQLException {
        int n = write(c, RollupSql.UPSERT_PRICE, prices);
        for (Fluid f : Fluid.values()) {
            Instant earliest = prices.stream().filter(p -> p.fluid() == f).map(Price::from).min(Instant::compareTo).orElse(null);
            if (earliest != null) {
                RecomputeMarks.markFluid(c, f, earliest);
            }
        }
        return n;
    }

    private static int write(Connection c, String sql, Collection<Price> prices) throws SQLException {
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Price p : prices) {
                ps.setString(1, p.fluid().name());
                ps.setString(2, p.option());
                ps.setString(3, p.component());
                ps.setString(4, p.period());
                ps.setInt(5, p.kva());
                ps.setTimestamp(6, Timestamp.from(p.from()));
                if (p.to() == null) {
                    ps.setNull(7, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    ps.setTimestamp(7, Timestamp.from(p.to()));
                }
                ps.setBigDecimal(8, p.amount());
                ps.setString(9, p.source());
                ps.addBatch();
            }
            for (int r : ps.executeBatch()) {
                n += Math.max(r, 0);
            }
        }
        return n;
    }
}

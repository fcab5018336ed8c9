package org.ecofoyer.ingest.query;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.TariffOption;

/**
 * What other modules read of what meters said about themselves (#16, tables {@code meter_contract} and
 * {@code meter_daily_max}): the subscription a meter announces, and its highest daily maximum over a span of days.
 * One statement per method, on the caller's connection.
 */
public final class MeterFactsQuery {
    /** A subscription learned from the meter at {@code learnedAt}; kVA or option may be null when it never told them. */
    public record LearnedContract(Instant learnedAt, Integer kva, TariffOption option, String source) {
    }

    /** The highest daily maximum of a span: its day, VA, when it was reached, and how many days of the span had one. */
    public record HighestMax(LocalDate day, long va, Instant reachedAt, int days) {
    }

    /**
     * The subscription the figures use, and where it comes from. The rule (#16): what the meter announces wins over
     * what was typed (the meter record's {@code subscribed_kva} and {@code tariff_option}, given by the installer or
     * the household), field by field — the meter enforces its own subscription (it cuts at its PREF/PCOUP and
     * registers by its option) whatever a form says; the typed value is the fallback for a meter that never told one
     * (a gateway without those groups, a gas meter) and is shown beside a learned value that differs, so that the
     * record can be corrected.
     *
     * @param kva          the power in kVA the figures use, or null
     * @param option       the option the figures use, as {@code meter.tariff_option} spells it (null: BASE)
     * @param kvaLearned   whether {@code kva} is the meter's
     * @param optionLearned whether {@code option} is the meter's
     * @param learned      the learned subscription, or null
     * @param recordKva    the typed power, or null
     * @param recordOption the typed option, or null
     */
    public record Subscription(Integer kva, String option, boolean kvaLearned, boolean optionLearned, LearnedContract learned,
                               Integer recordKva, String recordOption) {
        /** The rule above, pure. */
        public static Subscription of(LearnedContract learned, Integer recordKva, String recordOption) {
            boolean kvaLearned = learned != null && learned.kva() != null;
            boolean optionLearned = learned != null && learned.option() != null;
            return new Subscription(kvaLearned ? learned.kva() : recordKva, optionLearned ? learned.option().name() : recordOption,
                    kvaLearned, optionLearned, learned, recordKva, recordOption);
        }
    }

    private MeterFactsQuery() {
    }

    /** The subscription a meter's figures use ({@link Subscription}: the meter's, else the typed one). */
    public static Subscription subscription(Connection c, Meter meter) throws SQLException {
        LearnedContract learned = meter.fluid() == Fluid.ELECTRICITY ? contract(c, meter.id()) : null;
        return Subscription.of(learned, meter.subscribedKva(), meter.tariffOption());
    }

    /** {@code meter} with the subscription its figures use in place of the typed one (aggregation's costs, periods). */
    public static Meter withSubscription(Connection c, Meter meter) throws SQLException {
        Subscription s = subscription(c, meter);
        if (!s.kvaLearned() && !s.optionLearned()) {
            return meter;
        }
        return new Meter(meter.id(), meter.code(), meter.household(), meter.fluid(), meter.kind(), meter.externalId(), s.option(),
                s.kva(), meter.zone(), meter.createdAt());
    }

    /** The meter's latest learned subscription, or null when it has told none. */
    public static LearnedContract contract(Connection c, int meterId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MeterFactsSql.LATEST_CONTRACT)) {
            ps.setInt(1, meterId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String option = rs.getString(3);
                return new LearnedContract(rs.getTimestamp(1).toInstant(), (Integer) rs.getObject(2, Integer.class),
                        option == null ? null : TariffOption.valueOf(option), rs.getString(4));
            }
        }
    }

    /** The meter's highest daily maximum (its total) over local days [from, to), or null when it has none then. */
    public static HighestMax highest(Connection c, int meterId, LocalDate from, LocalDate to) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MeterFactsSql.HIGHEST_DAILY_MAX)) {
            for (int k = 0; k < 2; k++) {
                ps.setInt(1 + 3 * k, meterId);
                ps.setDate(2 + 3 * k, Date.valueOf(from));
                ps.setDate(3 + 3 * k, Date.valueOf(to));
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new HighestMax(rs.getDate(1).toLocalDate(), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getInt(4))
                        : null;
            }
        }
    }
}

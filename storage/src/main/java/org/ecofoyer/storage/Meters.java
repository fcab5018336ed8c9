package org.ecofoyer.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;

/**
 * The one owner of the {@code meter} table's rows: every module registers and finds meters here, so that the rules of
 * a meter hold for every creator — its fluid is its kind's, its household exists, and its external id (PRM or Linky
 * serial, PCE, water contract) belongs to one household at a time ({@link MeterTakenException}, named before anything
 * is written). Registering is idempotent by code: a code already there is returned as stored, unchanged (the caller
 * decides whether a different stored meter is an error). A registration writes all its meters (and the household it
 * creates) or none.
 *
 * <p>Blocking JDBC on the caller's connection: in its transaction if it has one (under a savepoint), else in one of its
 * own.
 */
public final class Meters {
    /**
     * A meter to register.
     *
     * @param externalId    the utility's id for it, or null (a {@code (fluid, externalId)} pair belongs to one meter)
     * @param tariffOption  as it is to be stored (an electricity option, or a gas or water price table), or null
     * @param subscribedKva the subscription level, or null
     */
    public record Registration(MeterCode code, HouseholdId household, MeterKind kind, String externalId, String tariffOption,
                               Integer subscribedKva) {
        public Registration {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(household, "household");
            Objects.requireNonNull(kind, "kind");
        }

        /** Without tariff option or subscription level. */
        public Registration(MeterCode code, HouseholdId household, MeterKind kind, String externalId) {
            this(code, household, kind, externalId, null, null);
        }

        public Fluid fluid() {
            return kind.fluid();
        }
    }

    /** A household to create with the meters if it does not exist yet (tools, imports); an existing one is kept as it is. */
    public record NewHousehold(HouseholdId id, String name) {
        public NewHousehold {
            Objects.requireNonNull(id, "id");
        }
    }

    private Meters() {
    }

    /**
     * Registers a meter in an existing household, or returns the stored one with that code.
     *
     * @throws MeterTakenException      its external id belongs to another meter
     * @throws IllegalArgumentException its household does not exist
     */
    public static Meter register(Connection c, Registration meter) throws SQLException {
        return registerAll(c, null, List.of(meter)).get(0);
    }

    /** Registers meters in existing households, all or none, in one statement; returns them in the order given. */
    public static List<Meter> registerAll(Connection c, List<Registration> meters) throws SQLException {
        return registerAll(c, null, meters);
    }

    /**
     * Registers meters, creating {@code household} first if it is missing: the household and the meters, or nothing.
     * Returns the meters in the order given.
     */
    public static List<Meter> registerAll(Connection c, NewHousehold household, List<Registration> meters) throws SQLException {
        if (meters.isEmpty()) {
            return List.of();
        }
        try {
            return Jdbc.allOrNothing(c, tx -> {
                requireHouseholds(tx, household, meters);
                Optional<MeterTakenException> taken = holder(tx, meters);
                if (taken.isPresent()) {
                    throw taken.get();
                }
                if (household != null) {
                    try (PreparedStatement ps = tx.prepareStatement(CoreModelSql.CREATE_HOUSEHOLD)) {
                        ps.setString(1, household.id().value());
                        ps.setString(2, household.name());
                        ps.executeUpdate();
                    }
                }
                insert(tx, meters);
                return byCodes(tx, meters);
            });
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            // Another writer registered the same external id between the check and the insert: name it now.
            throw holder(c, meters).orElseGet(() -> new MeterTakenException(meters.get(0).fluid(),
                    meters.get(0).externalId(), "(another)", "(registered meanwhile)"));
        }
    }

    public static Optional<Meter> byCode(Connection c, MeterCode code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.METER_BY_CODE)) {
            ps.setString(1, code.value());
            return one(ps);
        }
    }

    public static Optional<Meter> byId(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.METER_BY_ID)) {
            ps.setInt(1, id);
            return one(ps);
        }
    }

    /**
     * The meter, its row locked {@code FOR KEY SHARE} until the caller's transaction ends, so that it cannot be deleted
     * meanwhile: for a writer of rows that have no per-row foreign key to it (the recompute writing rollups). Must run
     * in a transaction.
     */
    public static Optional<Meter> byIdLockedAgainstDeletion(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.METER_BY_ID_LOCKED)) {
            ps.setInt(1, id);
            return one(ps);
        }
    }

    /**
     * The ids of the meters of some codes (codes of no meter are left out), in one statement: the ingest writer's
     * resolution of the codes its readings carry, which it caches.
     */
    public static Map<String, Integer> ids(Connection c, Collection<String> codes) throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.METER_IDS)) {
            ps.setArray(1, c.createArrayOf("text", codes.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return out;
    }

    /** The meter that holds a utility's id for a fluid, if any. */
    public static Optional<Meter> byExternalId(Connection c, Fluid fluid, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.METER_BY_EXTERNAL_ID)) {
            ps.setString(1, fluid.name());
            ps.setString(2, externalId);
            return one(ps);
        }
    }

    /** A household's meters, by fluid then code. */
    public static List<Meter> ofHousehold(Connection c, HouseholdId household) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.METERS_OF_HOUSEHOLD)) {
            ps.setString(1, household.value());
            return all(ps);
        }
    }

    /** The codes of the meters of some kinds, in order. */
    public static List<MeterCode> codesOf(Connection c, Set<MeterKind> kinds) throws SQLException {
        List<MeterCode> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.CODES_OF_KINDS)) {
            ps.setArray(1, c.createArrayOf("text", kinds.stream().map(Enum::name).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new MeterCode(rs.getString(1)));
                }
            }
        }
        return out;
    }

    /**
     * Removes a meter and, through the cascades and the triggers of the modules that keep rows about it, its readings,
     * events and rollups. Whether there was one. A row of another module that refers to the meter without a cascade (a
     * registered gateway) stops it: {@link SQLException} with SQL state 23503, nothing removed.
     */
    public static boolean remove(Connection c, MeterCode code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.DELETE_METER)) {
            ps.setString(1, code.value());
            return ps.executeUpdate() > 0;
        }
    }

    /** Sets a meter's tariff option, as it is to be stored. */
    public static void setTariffOption(Connection c, int meterId, String tariffOption) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.SET_TARIFF_OPTION)) {
            ps.setString(1, tariffOption);
            ps.setInt(2, meterId);
            ps.executeUpdate();
        }
    }

    private static void requireHouseholds(Connection c, NewHousehold created, List<Registration> meters) throws SQLException {
        Set<String> wanted = new LinkedHashSet<>();
        for (Registration m : meters) {
            if (created == null || !created.id().equals(m.household())) {
                wanted.add(m.household().value());
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.HOUSEHOLDS_AMONG)) {
            ps.setArray(1, c.createArrayOf("text", wanted.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    wanted.remove(rs.getString(1));
                }
            }
        }
        if (!wanted.isEmpty()) {
            throw new IllegalArgumentException("no household '" + wanted.iterator().next() + "'; create it first (ecofoyer household add)");
        }
    }

    private static Optional<MeterTakenException> holder(Connection c, List<Registration> meters) throws SQLException {
        int n = meters.size();
        String[] codes = new String[n];
        String[] fluids = new String[n];
        String[] externalIds = new String[n];
        for (int i = 0; i < n; i++) {
            Registration m = meters.get(i);
            codes[i] = m.code().value();
            fluids[i] = m.fluid().name();
            externalIds[i] = m.externalId();
        }
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.EXTERNAL_ID_HOLDER)) {
            ps.setArray(1, c.createArrayOf("text", codes));
            ps.setArray(2, c.createArrayOf("text", fluids));
            ps.setArray(3, c.createArrayOf("text", externalIds));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new MeterTakenException(Fluid.valueOf(rs.getString(1)), rs.getString(2),
                        rs.getString(3), rs.getString(4))) : Optional.empty();
            }
        }
    }

    private static void insert(Connection c, List<Registration> meters) throws SQLException {
        int n = meters.size();
        String[][] text = new String[6][n];
        Integer[] kva = new Integer[n];
        for (int i = 0; i < n; i++) {
            Registration m = meters.get(i);
            text[0][i] = m.code().value();
            text[1][i] = m.household().value();
            text[2][i] = m.fluid().name();
            text[3][i] = m.kind().name();
            text[4][i] = m.externalId();
            text[5][i] = m.tariffOption();
            kva[i] = m.subscribedKva();
        }
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.REGISTER_METERS)) {
            for (int col = 0; col < text.length; col++) {
                ps.setArray(col + 1, c.createArrayOf("text", text[col]));
            }
            ps.setArray(7, c.createArrayOf("int4", kva));
            ps.executeUpdate();
        }
    }

    private static List<Meter> byCodes(Connection c, List<Registration> meters) throws SQLException {
        Map<MeterCode, Meter> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(CoreModelSql.METERS_BY_CODES)) {
            ps.setArray(1, c.createArrayOf("text", meters.stream().map(m -> m.code().value()).toArray()));
            for (Meter m : all(ps)) {
                stored.put(m.code(), m);
            }
        }
        List<Meter> out = new ArrayList<>(meters.size());
        for (Registration m : meters) {
            out.add(stored.get(m.code()));
        }
        return out;
    }

    private static Optional<Meter> one(PreparedStatement ps) throws SQLException {
        List<Meter> all = all(ps);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static List<Meter> all(PreparedStatement ps) throws SQLException {
        List<Meter> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                int kva = rs.getInt(8);
                Integer subscribedKva = rs.wasNull() ? null : kva;
                out.add(new Meter(rs.getInt(1), new MeterCode(rs.getString(2)), new HouseholdId(rs.getString(3)),
                        Fluid.valueOf(rs.getString(4)), MeterKind.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7),
                        subscribedKva, ZoneId.of(rs.getString(9)), rs.getTimestamp(10).toInstant()));
            }
        }
        return out;
    }
}

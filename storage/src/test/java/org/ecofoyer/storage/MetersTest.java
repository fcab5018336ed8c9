package org.ecofoyer.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The meters' one owner against a real PostgreSQL (storage's migrations: household, meter, the external-id index). */
class MetersTest {
    private static final String PCE = "23000000000001";
    private static final HouseholdId HOME = new HouseholdId("home");
    private static final HouseholdId INTRUDER = new HouseholdId("intruder");

    private Database db;

    @BeforeEach
    void setUp() throws SQLException {
        db = TestDatabases.newMigratedDatabase();
        sql("INSERT INTO household (id, timezone) VALUES ('home', 'Europe/Paris'), ('intruder', 'America/Montreal')");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static Meters.Registration gas(String code, HouseholdId household) {
        return new Meters.Registration(new MeterCode(code), household, MeterKind.GAZPAR, PCE);
    }

    @Test
    void registersAMeterOfItsKindsFluidAndFindsItEveryWay() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Meter m = Meters.register(c, new Meters.Registration(new MeterCode("linky"), HOME, MeterKind.LINKY_TIC,
                    "021234567890", "HPHC", 9));
            assertThat(m.id()).isPositive();
            assertThat(m.code()).isEqualTo(new MeterCode("linky"));
            assertThat(m.household()).isEqualTo(HOME);
            assertThat(m.fluid()).isEqualTo(Fluid.ELECTRICITY);
            assertThat(m.kind()).isEqualTo(MeterKind.LINKY_TIC);
            assertThat(m.externalId()).isEqualTo("021234567890");
            assertThat(m.tariffOption()).isEqualTo("HPHC");
            assertThat(m.subscribedKva()).isEqualTo(9);
            assertThat(m.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
            Meter water = Meters.register(c, new Meters.Registration(new MeterCode("water"), INTRUDER, MeterKind.TELEO, null));
            assertThat(water.fluid()).isEqualTo(Fluid.WATER);
            assertThat(water.subscribedKva()).isNull();
            assertThat(water.externalId()).isNull();
            assertThat(water.zone()).as("the household's zone").isEqualTo(ZoneId.of("America/Montreal"));

            assertThat(Meters.byCode(c, new MeterCode("linky"))).contains(m);
            assertThat(Meters.byCode(c, new MeterCode("nope"))).isEmpty();
            assertThat(Meters.byExternalId(c, Fluid.ELECTRICITY, "021234567890")).contains(m);
            assertThat(Meters.byExternalId(c, Fluid.GAS, "021234567890")).as("an external id is per fluid").isEmpty();
            assertThat(Meters.ofHousehold(c, HOME)).containsExactly(m);
            assertThat(Meters.ofHousehold(c, INTRUDER)).containsExactly(water);
        }
        // What the table holds, not only what the owner hands back.
        assertThat(text("SELECT fluid || ' ' || kind || ' ' || household_id FROM meter WHERE code = 'linky'"))
                .isEqualTo("ELECTRICITY LINKY_TIC home");
    }

    @Test
    void aHouseholdsMetersComeByFluidThenCode() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Meters.registerAll(c, List.of(
                    new Meters.Registration(new MeterCode("b-water"), HOME, MeterKind.TELEO, "W1"),
                    new Meters.Registration(new MeterCode("z-elec"), HOME, MeterKind.LINKY_TIC, null),
                    new Meters.Registration(new MeterCode("a-gas"), HOME, MeterKind.GAZPAR, null),
                    new Meters.Registration(new MeterCode("a-elec"), HOME, MeterKind.ENEDIS_API, null)));
            assertThat(Meters.ofHousehold(c, HOME)).extracting(m -> m.code().value())
                    .containsExactly("a-elec", "z-elec", "a-gas", "b-water");
            assertThat(Meters.codesOf(c, MeterKind.utilities())).extracting(MeterCode::value)
                    .containsExactly("a-elec", "a-gas", "b-water");
            assertThat(Meters.codesOf(c, Set.of(MeterKind.LINKY_TIC))).extracting(MeterCode::value).containsExactly("z-elec");
        }
    }

    /** By code: a second registration returns the stored meter, unchanged, and writes nothing. */
    @Test
    void registeringAgainIsIdempotent() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Meter first = Meters.register(c, gas("gas", HOME));
            Meter again = Meters.register(c, gas("gas", HOME));
            assertThat(again).isEqualTo(first);
            Meter different = Meters.register(c, new Meters.Registration(new MeterCode("gas"), HOME, MeterKind.GAZPAR, PCE,
                    "PRIX_REPERE", 6));
            assertThat(different).as("the stored meter, not the one asked for").isEqualTo(first);
            assertThat(different.tariffOption()).isNull();
        }
        assertThat(count("SELECT count(*) FROM meter")).isEqualTo(1);
    }

    @Test
    void anExternalIdHeldByAnotherMeterIsRefusedAndNamesTheHolderToTheOperatorOnly() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Meters.register(c, gas("home-gas", HOME));
            assertThatThrownBy(() -> Meters.register(c, gas("stolen-gas", INTRUDER)))
                    .isInstanceOf(MeterTakenException.class)
                    .hasMessage("gas meter " + PCE + " already belongs to household 'home' (meter home-gas); a meter belongs to"
                            + " one household at a time: remove it from that household first")
                    .satisfies(e -> assertThat(((MeterTakenException) e).householdMessage())
                            .contains(PCE).contains("gas meter").doesNotContain("home").doesNotContain("home-gas"));
            // The holder itself under another code is refused too: one meter per (fluid, external id).
            assertThatThrownBy(() -> Meters.register(c, gas("second-gas", HOME))).isInstanceOf(MeterTakenException.class);
            // The same digits for another fluid are another meter.
            Meter water = Meters.register(c, new Meters.Registration(new MeterCode("water"), INTRUDER, MeterKind.TELEO, PCE));
            assertThat(water.externalId()).isEqualTo(PCE);
        }
        assertThat(count("SELECT count(*) FROM meter WHERE household_id = 'intruder' AND fluid = 'GAS'")).isZero();
        assertThat(count("SELECT count(*) FROM meter WHERE code = 'second-gas'")).isZero();
    }

    /** A refused registration leaves nothing behind: not the other meters of the batch, not the household it created. */
    @Test
    void aRefusedRegistrationCreatesNothing() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Meters.register(c, gas("home-gas", HOME));
            HouseholdId newcomer = new HouseholdId("newcomer");
            assertThatThrownBy(() -> Meters.registerAll(c, new Meters.NewHousehold(newcomer, "Newcomers"), List.of(
                    new Meters.Registration(new MeterCode("new-elec"), newcomer, MeterKind.LINKY_TIC, "0299"),
                    gas("new-gas", newcomer)))).isInstanceOf(MeterTakenException.class);
            assertThat(c.getAutoCommit()).as("the connection is given back as it came").isTrue();
        }
        assertThat(count("SELECT count(*) FROM household WHERE id = 'newcomer'")).isZero();
        assertThat(count("SELECT count(*) FROM meter WHERE code IN ('new-elec', 'new-gas')")).isZero();
    }

    /** In the caller's transaction, a refusal undoes only the registration: what the caller did before is still there. */
    @Test
    void aRefusalInsideTheCallersTransactionLeavesItUsable() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Meters.register(c, gas("home-gas", HOME));
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("INSERT INTO household (id) VALUES ('callers')");
            }
            assertThatThrownBy(() -> Meters.registerAll(c, List.of(
                    new Meters.Registration(new MeterCode("kept-out"), INTRUDER, MeterKind.LINKY_TIC, "0299"),
                    gas("stolen", INTRUDER)))).isInstanceOf(MeterTakenException.class);
            Meters.register(c, new Meters.Registration(new MeterCode("callers-elec"), new HouseholdId("callers"),
                    MeterKind.LINKY_TIC, "0300"));
            c.commit();
        }
        assertThat(count("SELECT count(*) FROM meter WHERE code IN ('kept-out', 'stolen')")).isZero();
        assertThat(count("SELECT count(*) FROM meter m JOIN household h ON h.id = m.household_id WHERE m.code = 'callers-elec'"))
                .isEqualTo(1);
    }

    @Test
    void aMeterNeedsItsHouseholdUnlessTheRegistrationCreatesIt() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            HouseholdId ghost = new HouseholdId("ghost");
            assertThatThrownBy(() -> Meters.register(c, gas("ghost-gas", ghost)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no household 'ghost'; create it first (ecofoyer household add)");
            List<Meter> created = Meters.registerAll(c, new Meters.NewHousehold(ghost, "Le foyer"), List.of(gas("ghost-gas", ghost)));
            assertThat(created).extracting(Meter::household).containsExactly(ghost);
            // An existing household is kept as it is.
            Meters.registerAll(c, new Meters.NewHousehold(HOME, "Renamed?"),
                    List.of(new Meters.Registration(new MeterCode("w"), HOME, MeterKind.TELEO, null)));
        }
        assertThat(text("SELECT name FROM household WHERE id = 'ghost'")).isEqualTo("Le foyer");
        assertThat(text("SELECT coalesce(name, '(none)') FROM household WHERE id = 'home'")).isEqualTo("(none)");
    }

    /**
     * Two writers registering the same external id at the same time: the second one's check cannot see the first's
     * uncommitted meter, so the unique index stops its insert, after it created its household. The owner undoes that
     * household too and turns the error into the same typed refusal naming the holder, rather than a raw SQL error;
     * inside a caller's transaction, only its own work is undone and the transaction goes on.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aConcurrentRegistrationOfTheSameExternalIdIsRefusedToo(boolean inCallersTransaction) throws Exception {
        HouseholdId newcomer = new HouseholdId("newcomer");
        try (Connection first = db.dataSource().getConnection(); Connection second = db.dataSource().getConnection()) {
            first.setAutoCommit(false);
            Meters.register(first, gas("first-gas", HOME));
            second.setAutoCommit(!inCallersTransaction);
            CompletableFuture<List<Meter>> racing = CompletableFuture.supplyAsync(() -> {
                try {
                    return Meters.registerAll(second, new Meters.NewHousehold(newcomer, null), List.of(gas("second-gas", newcomer)));
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM pg_locks WHERE NOT granted") > 0);
            first.commit();
            assertThatThrownBy(racing::join).hasCauseInstanceOf(MeterTakenException.class)
                    .cause().hasMessageContaining("already belongs to household 'home' (meter first-gas)");
            if (inCallersTransaction) {
                try (Statement st = second.createStatement()) {
                    st.execute("INSERT INTO household (id) VALUES ('callers')");
                }
                second.commit();
            }
        }
        assertThat(count("SELECT count(*) FROM household WHERE id = 'newcomer'")).isZero();
        assertThat(count("SELECT count(*) FROM meter WHERE code = 'second-gas'")).isZero();
        assertThat(count("SELECT count(*) FROM household WHERE id = 'callers'")).isEqualTo(inCallersTransaction ? 1 : 0);
    }

    @Test
    void theTariffOptionIsSetAsStored() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Meter m = Meters.register(c, new Meters.Registration(new MeterCode("linky"), HOME, MeterKind.LINKY_TIC, null));
            Meters.setTariffOption(c, m.id(), "Tempo");
            assertThat(Meters.byCode(c, m.code()).orElseThrow().tariffOption()).isEqualTo("Tempo");
        }
    }

    @Test
    void aMeterIsFoundByIdAndItsCodesResolveToIds() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Meter linky = Meters.register(c, new Meters.Registration(new MeterCode("linky"), HOME, MeterKind.LINKY_TIC, null, "HPHC", 9));
            Meter gas = Meters.register(c, gas("gas", INTRUDER));
            assertThat(Meters.byId(c, linky.id())).contains(linky);
            assertThat(Meters.byId(c, gas.id()).orElseThrow().zone()).isEqualTo(ZoneId.of("America/Montreal"));
            assertThat(Meters.byId(c, -1)).isEmpty();
            assertThat(Meters.ids(c, List.of("linky", "gas", "nobody"))).containsOnly(
                    java.util.Map.entry("linky", linky.id()), java.util.Map.entry("gas", gas.id()));
            assertThat(Meters.ids(c, List.of())).isEmpty();
        }
    }

    /** The recompute writes rollups (no foreign key) for a meter that must not be deleted meanwhile. */
    @Test
    void aMeterLockedAgainstDeletionCannotBeDeletedUntilCommit() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            Meter m = Meters.register(c, new Meters.Registration(new MeterCode("linky"), HOME, MeterKind.LINKY_TIC, null));
            c.setAutoCommit(false);
            assertThat(Meters.byIdLockedAgainstDeletion(c, m.id())).contains(m);
            CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> {
                try {
                    sql("DELETE FROM meter WHERE id = " + m.id());
                } catch (SQLException e) {
                    throw new CompletionException(e);
                }
            });
            Thread.sleep(300);
            assertThat(delete).isNotDone();
            c.commit();
            delete.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(Meters.byId(c, m.id())).isEmpty();
        }
    }

    private void sql(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(text(sql));
    }

    private String text(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}

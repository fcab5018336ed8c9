package org.ecofoyer.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import org.ecofoyer.core.Household;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.HouseholdProfile;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The households' one owner against a real PostgreSQL (storage's migrations). */
class HouseholdsTest {
    private static final HouseholdId HOME = new HouseholdId("home");

    private Database db;

    @BeforeEach
    void setUp() {
        db = TestDatabases.newMigratedDatabase();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aHouseholdIsCreatedOnceWithTheDefaultsAndFoundAsStored() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(Households.find(c, "home")).isEmpty();
            assertThat(Households.exists(c, "home")).isFalse();
            assertThat(Households.create(c, HOME, "Home")).isTrue();
            assertThat(Households.create(c, HOME, "Another name")).isFalse();
            Household h = Households.find(c, "home").orElseThrow();
            assertThat(h.id()).isEqualTo(HOME);
            assertThat(h.name()).isEqualTo("Home");
            assertThat(h.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
            assertThat(h.surfaceM2()).isNull();
            assertThat(h.occupants()).isNull();
            assertThat(h.heating()).isNull();
            assertThat(h.createdAt()).isNotNull();
            assertThat(Households.exists(c, "home")).isTrue();

            sql(c, "UPDATE household SET timezone = 'America/Montreal', surface_m2 = 82.5, occupants = 3, heating = 'gas'");
            h = Households.find(c, "home").orElseThrow();
            assertThat(h.zone()).isEqualTo(ZoneId.of("America/Montreal"));
            assertThat(h.surfaceM2()).isEqualTo(82.5);
            assertThat(h.occupants()).isEqualTo(3);
            assertThat(h.heating()).isEqualTo("gas");
        }
    }

    @Test
    void aProfileIsStoredFieldByFieldAndClearedByNulls() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Households.create(c, HOME, "Home");
            Households.create(c, new HouseholdId("other"), "Other");
            HouseholdProfile p = new HouseholdProfile(82.46, 3, HouseholdProfile.HeatingEnergy.GAS, HouseholdProfile.HeatingSystem.CONDENSING_BOILER,
                    HouseholdProfile.HotWater.GAS_BOILER, HouseholdProfile.ConstructionPeriod.FROM_1975_TO_1989, "69003", "lyon-bron");
            assertThat(Households.setProfile(c, HOME, p)).isTrue();
            assertThat(Households.setProfile(c, new HouseholdId("nobody"), p)).isFalse();
            Household h = Households.find(c, "home").orElseThrow();
            // numeric(7, 1): the surface keeps one decimal
            assertThat(h.profile()).isEqualTo(new HouseholdProfile(82.5, 3, p.heatingEnergy(), p.heatingSystem(), p.hotWater(),
                    p.constructionPeriod(), "69003", "lyon-bron"));
            assertThat(Households.find(c, "other").orElseThrow().profile()).isEqualTo(HouseholdProfile.EMPTY);
            assertThat(Households.among(c, java.util.List.of("other", "home", "nobody"))).extracting(x -> x.id().value())
                    .containsExactly("home", "other");
            Households.setProfile(c, HOME, HouseholdProfile.EMPTY);
            assertThat(Households.find(c, "home").orElseThrow().profile()).isEqualTo(HouseholdProfile.EMPTY);
        }
    }

    /** A look-up takes any text: an id no household can have is simply not there. */
    @Test
    void aLookUpOfAnImpossibleIdFindsNothing() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(Households.find(c, " ")).isEmpty();
            assertThat(Households.exists(c, "")).isFalse();
        }
    }

    @Test
    void erasureDeletesTheHouseholdAndItsMeters() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            Households.create(c, HOME, null);
            Households.create(c, new HouseholdId("other"), null);
            Meters.register(c, new Meters.Registration(new MeterCode("linky"), HOME, MeterKind.LINKY_TIC, null));
            Meters.register(c, new Meters.Registration(new MeterCode("gas"), new HouseholdId("other"), MeterKind.GAZPAR, null));
            assertThat(Households.erase(c, HOME)).isTrue();
            assertThat(Households.erase(c, HOME)).isFalse();
            assertThat(Households.exists(c, "home")).isFalse();
            assertThat(Meters.byCode(c, new MeterCode("linky"))).isEmpty();
            assertThat(Meters.byCode(c, new MeterCode("gas"))).isPresent();
        }
    }

    private static void sql(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

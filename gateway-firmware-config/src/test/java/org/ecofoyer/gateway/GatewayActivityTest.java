package org.ecofoyer.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What ingest reports of a gateway adds up in the registry, and its state is derived and stored (real PostgreSQL). */
class GatewayActivityTest {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    Database db;

    @BeforeEach
    void setUp() throws Exception {
        db = TestDatabases.newMigratedDatabase();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO household (id) VALUES ('martin')");
            st.execute("INSERT INTO meter (code, household_id, fluid, kind, external_id) VALUES"
                    + " ('021861348497', 'martin', 'ELECTRICITY', 'LINKY_TIC', '021861348497')");
            GatewayRegistry.add(c, new GatewayRegistry.NewGateway("gw-alpha", new MeterCode("021861348497"), null, Firmware.TASMOTA,
                    TicMode.HISTORIQUE));
            GatewayRegistry.add(c, new GatewayRegistry.NewGateway("gw-beta", new MeterCode("021861348497"), null, Firmware.RAW,
                    TicMode.AUTO));
        }
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    static GatewayTraffic traffic(String topic, long messages, long bad, long foreign, long stored, Instant seen, TicMode mode,
                                  String meter, String fault) {
        return new GatewayTraffic(topic, messages, bad, foreign, stored, seen, (int) messages, (int) bad, mode, meter, fault,
                fault == null ? null : "detail of " + fault, stored > 0 ? java.util.Map.of("index.total", 1000 + stored) : null);
    }

    Gateway alpha() throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            return GatewayRegistry.find(c, "gw-alpha").orElseThrow();
        }
    }

    @Test
    void periodsAddUpTheStateIsStoredAndSilenceComesWithoutAMessage() throws Exception {
        List<Gateway> changed = GatewayRegistry.record(db.dataSource(), List.of(
                traffic("tele/gw-alpha/SENSOR", 5, 1, 0, 20, T0, TicMode.HISTORIQUE, "021861348497", "invalid_group"),
                traffic("tele/not-registered/SENSOR", 7, 0, 0, 7, T0, null, null, null)), T0);
        assertThat(changed).extracting(Gateway::id, Gateway::state).containsExactly(org.assertj.core.groups.Tuple.tuple("gw-alpha", GatewayState.RECEIVING));
        GatewayRegistry.record(db.dataSource(), List.of(
                traffic("tele/gw-alpha/SENSOR", 3, 0, 0, 12, T0.plusSeconds(6), null, null, null)), T0.plusSeconds(6));
        Gateway a = alpha();
        assertThat(a.state()).isEqualTo(GatewayState.RECEIVING);
        GatewayActivity act = a.activity();
        assertThat(act.messages()).isEqualTo(8);
        assertThat(act.badMessages()).isEqualTo(1);
        assertThat(act.readingsStored()).isEqualTo(32);
        assertThat(act.firstSeen()).isEqualTo(T0);
        assertThat(a.lastSeen()).isEqualTo(T0.plusSeconds(6));
        assertThat(act.recentMessages()).as("the last minute's figures replace, not add").isEqualTo(3);
        assertThat(act.modeSeen()).as("kept when a period saw no frame").isEqualTo(TicMode.HISTORIQUE);
        assertThat(act.meterSeen()).isEqualTo("021861348497");
        assertThat(act.lastFault()).isEqualTo("invalid_group");
        assertThat(act.lastFaultDetail()).isEqualTo("detail of invalid_group");
        assertThat(act.lastFaultAt()).isEqualTo(T0);
        assertThat(act.lastValues()).as("the last period's values").containsExactly(java.util.Map.entry("index.total", 1012L));

        // nothing arrives: the next report, 61 s after the last message, stores silent
        changed = GatewayRegistry.record(db.dataSource(), List.of(), T0.plusSeconds(67));
        assertThat(changed).extracting(Gateway::id).containsExactly("gw-alpha");
        assertThat(alpha().state()).isEqualTo(GatewayState.SILENT);
        assertThat(GatewayRegistry.record(db.dataSource(), List.of(), T0.plusSeconds(68))).as("unchanged: nothing written").isEmpty();

        // another meter's frames, then the credentials refused
        GatewayRegistry.record(db.dataSource(), List.of(
                traffic("tele/gw-alpha/SENSOR", 2, 0, 2, 0, T0.plusSeconds(70), TicMode.HISTORIQUE, "021861348498", "foreign_meter")),
                T0.plusSeconds(70));
        assertThat(alpha().state()).isEqualTo(GatewayState.WRONG_METER);
        assertThat(alpha().activity().foreignMessages()).isEqualTo(2);
        try (Connection c = db.dataSource().getConnection()) {
            GatewayRegistry.credentialsRefused(c, "gw-alpha", T0.plusSeconds(71));
            assertThat(GatewayRegistry.find(c, "gw-beta").orElseThrow().state()).as("never heard: still new").isEqualTo(GatewayState.NEW);
        }
        assertThat(alpha().state()).isEqualTo(GatewayState.BAD_CREDENTIALS);
        assertThat(GatewayRegistry.record(db.dataSource(), List.of(), T0.plusSeconds(72))).isEmpty();
    }

    @Test
    void aModeOtherThanTheRegisteredOneIsWrongModeUntilTheModeIsSet() throws Exception {
        GatewayRegistry.record(db.dataSource(), List.of(
                traffic("tele/gw-alpha/SENSOR", 5, 0, 0, 20, T0, TicMode.STANDARD, "021861348497", null)), T0);
        assertThat(alpha().state()).isEqualTo(GatewayState.WRONG_MODE);
        try (Connection c = db.dataSource().getConnection()) {
            assertThat(GatewayRegistry.setMode(c, "gw-alpha", TicMode.STANDARD).mode()).isEqualTo(TicMode.STANDARD);
        }
        GatewayRegistry.record(db.dataSource(), List.of(), T0.plusSeconds(1));
        assertThat(alpha().state()).isEqualTo(GatewayState.RECEIVING);
    }
}

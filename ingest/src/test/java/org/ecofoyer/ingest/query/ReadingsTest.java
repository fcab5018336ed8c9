package org.ecofoyer.ingest.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.Households;
import org.ecofoyer.storage.Meters;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ingest's reading queries, the interface other modules read {@code reading} through, on a real PostgreSQL. */
class ReadingsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private Database db;
    private Connection c;
    private int linky;
    private int other;

    @BeforeEach
    void setUp() throws SQLException {
        db = TestDatabases.newMigratedDatabase();
        c = db.dataSource().getConnection();
        HouseholdId home = new HouseholdId("home");
        Households.create(c, home, null);
        Households.create(c, new HouseholdId("away"), null);
        linky = Meters.register(c, new Meters.Registration(new MeterCode("linky"), home, MeterKind.LINKY_TIC, null)).id();
        Meters.register(c, new Meters.Registration(new MeterCode("gas"), home, MeterKind.GAZPAR, null));
        other = Meters.register(c, new Meters.Registration(new MeterCode("away"), new HouseholdId("away"), MeterKind.LINKY_TIC,
                null)).id();
    }

    @AfterEach
    void tearDown() throws SQLException {
        c.close();
        db.close();
    }

    private void insert(int meter, String channel, Instant instant, long value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading (meter_id, channel, instant, value) VALUES (?, ?, ?, ?)")) {
            ps.setInt(1, meter);
            ps.setString(2, channel);
            ps.setTimestamp(3, Timestamp.from(instant));
            ps.setLong(4, value);
            ps.executeUpdate();
        }
    }

    @Test
    void aMeterWithoutReadingsHasNone() throws SQLException {
        assertThat(Readings.latest(c, linky)).isNull();
        assertThat(Readings.channels(c, linky)).isEmpty();
        assertThat(Readings.last(c, linky, "index.HP")).isNull();
        assertThat(Readings.lastBefore(c, linky, "index.HP", T0)).isNull();
        assertThat(Readings.lastValue(c, linky, "index.HP")).isEmpty();
        assertThat(Readings.countOfHousehold(c, new HouseholdId("home"))).isZero();
        assertThat(ReadingCopy.read(c, linky, "index.HP", T0).size()).isZero();
    }

    @Test
    void latestChannelsAndBoundaries() throws SQLException {
        insert(linky, "index.HP", T0, 100);
        insert(linky, "index.HP", T0.plusSeconds(60), 103);
        insert(linky, "index.HC", T0.plusSeconds(30), 50);
        insert(linky, "power.apparent", T0.plusSeconds(120), 900);
        insert(other, "index.HP", T0.plusSeconds(600), 1);

        assertThat(Readings.latest(c, linky)).isEqualTo(T0.plusSeconds(120));
        assertThat(Readings.channels(c, linky)).containsExactly("index.HC", "index.HP", "power.apparent");
        assertThat(Readings.last(c, linky, "index.HP")).isEqualTo(T0.plusSeconds(60));
        assertThat(Readings.lastBefore(c, linky, "index.HP", T0.plusSeconds(60))).isEqualTo(T0);
        assertThat(Readings.lastBefore(c, linky, "index.HP", T0)).isNull();
        assertThat(Readings.lastValue(c, linky, "index.HP")).isEqualTo(OptionalLong.of(103));
        assertThat(Readings.countOfHousehold(c, new HouseholdId("home"))).isEqualTo(4);
        assertThat(Readings.countOfHousehold(c, new HouseholdId("away"))).isEqualTo(1);
    }

    /**
     * The latest reading held in blocks is in the meter's latest day, on whichever channel ends last that day; a hot row
     * wins only when later. A query taking a channel's last block (not the latest day's), the day's first block, or
     * another meter's blocks would answer otherwise.
     */
    @Test
    void latestOverCompactedDaysIsTheLatestDaysLastReading() throws SQLException {
        Instant day1 = Instant.parse("2026-03-01T00:00:00Z");
        insert(linky, "index.HP", day1.plusSeconds(10 * 3600), 100);
        insert(linky, "index.HC", day1.plus(Duration.ofDays(1)).plusSeconds(86_399), 50); // a channel ending a day before
        insert(linky, "index.HP", day1.plus(Duration.ofDays(2)).plusSeconds(7 * 3600), 103);
        insert(linky, "power.apparent", day1.plus(Duration.ofDays(2)).plusSeconds(8 * 3600), 900);
        insert(linky, "tic.zz", day1.plus(Duration.ofDays(2)).plusSeconds(6 * 3600), 1); // last channel by name, not last in time
        insert(other, "index.HP", day1.plus(Duration.ofDays(3)).plusSeconds(3600), 1);
        java.time.Clock later = java.time.Clock.fixed(day1.plus(Duration.ofDays(5)), java.time.ZoneOffset.UTC);
        assertThat(new org.ecofoyer.ingest.writer.ReadingCompactor(db.dataSource(), later, Duration.ofHours(2)).apply().readings())
                .isEqualTo(6);
        assertThat(count("SELECT count(*) FROM reading")).isZero();

        assertThat(Readings.latest(c, linky)).isEqualTo(day1.plus(Duration.ofDays(2)).plusSeconds(8 * 3600));
        insert(linky, "index.HC", day1.plus(Duration.ofDays(1)), 49); // late data, earlier than the blocks' latest
        assertThat(Readings.latest(c, linky)).isEqualTo(day1.plus(Duration.ofDays(2)).plusSeconds(8 * 3600));
        insert(linky, "index.HC", day1.plus(Duration.ofDays(2)).plusSeconds(9 * 3600), 51);
        assertThat(Readings.latest(c, linky)).isEqualTo(day1.plus(Duration.ofDays(2)).plusSeconds(9 * 3600));
    }

    private long count(String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void recentReadingsByTheDatabasesClock() throws SQLException {
        Instant now = Instant.now();
        insert(linky, "power.apparent.mean_1m", now.minus(Duration.ofMinutes(20)), 1);
        insert(linky, "power.apparent.mean_1m", now.minus(Duration.ofMinutes(10)), 2);
        insert(linky, "power.apparent.mean_1m", now.minus(Duration.ofMinutes(5)), 3);
        insert(linky, "power.apparent", now.minus(Duration.ofMinutes(5)), 4);
        assertThat(Readings.recent(c, linky, "power.apparent.mean_1m", Duration.ofMinutes(15)))
                .extracting(Readings.Point::value).containsExactly(2L, 3L);
    }

    @Test
    void theBinaryCopyReadsAChannelFromAnInstantInOrder() throws SQLException {
        for (int i = 0; i < 5000; i++) {
            insert(linky, "index.HP", T0.plusSeconds(60L * i).plusNanos(123_000), 1000L + i);
        }
        insert(linky, "index.HC", T0, 7);
        ReadingCopy.Columns read = ReadingCopy.read(c, linky, "index.HP", T0.plusSeconds(60));
        assertThat(read.size()).isEqualTo(4999);
        assertThat(Instant.EPOCH.plusNanos(read.micros()[0] * 1000)).isEqualTo(T0.plusSeconds(60).plusNanos(123_000));
        assertThat(read.values()[0]).isEqualTo(1001);
        assertThat(read.values()[4998]).isEqualTo(5999);
    }

    /** The query other modules embed: its columns and parameters (meter, since), its channels only. */
    @Test
    void readingsOfChannelsSinceAsAQueryToEmbed() throws SQLException {
        insert(linky, "tempo.today", T0, 1);
        insert(linky, "tempo.tomorrow", T0.plusSeconds(60), 3);
        insert(linky, "tempo.tomorrow", T0.minusSeconds(60), 2);
        insert(linky, "index.HP", T0.plusSeconds(60), 9);
        insert(other, "tempo.today", T0, 2);
        String sql = "SELECT r.channel, r.value FROM (" + Readings.ofChannelsSince("tempo.today", "tempo.tomorrow")
                + ") r ORDER BY r.instant";
        List<String> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, linky);
            ps.setTimestamp(2, Timestamp.from(T0));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "=" + rs.getLong(2));
                }
            }
        }
        assertThat(rows).containsExactly("tempo.today=1", "tempo.tomorrow=3");
        assertThat(Readings.ofChannelsSince("it's")).contains("('it''s')");
        assertThatThrownBy(Readings::ofChannelsSince).isInstanceOf(IllegalArgumentException.class);
    }
}

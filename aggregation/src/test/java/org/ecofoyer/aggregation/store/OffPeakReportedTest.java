package org.ecofoyer.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;

/** Off-peak hours reported by the utility (Enedis contract) at each sync become the meter's calendar, once. */
class OffPeakReportedTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void firstReportAppliesFromTheHistoryStartUnchangedReportsDoNothingChangesApplyFromToday() throws Exception {
        try (Database db = TestDatabases.newMigratedDatabase(); Connection c = db.dataSource().getConnection();
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO household (id) VALUES ('h')");
            st.execute("INSERT INTO meter (code, household_id, fluid, kind, external_id) VALUES ('linky', 'h', 'ELECTRICITY', 'ENEDIS_API', '1')");
            int id;
            try (ResultSet rs = st.executeQuery("SELECT id FROM meter")) {
                rs.next();
                id = rs.getInt(1);
            }
            LocalDate first = LocalDate.of(2024, 1, 1);
            assertThat(CalendarStore.offPeakReported(c, id, "HC (23h00-7h30)", first, LocalDate.of(2026, 11, 1), PARIS)).isTrue();
            // the same windows written differently: no change
            assertThat(CalendarStore.offPeakReported(c, id, "HC (23H00-7H30)", first, LocalDate.of(2026, 11, 2), PARIS)).isFalse();
            st.execute("DELETE FROM reading_dirty");
            assertThat(CalendarStore.offPeakReported(c, id, "HC (1H30-8H00;12H30-14H00)", first, LocalDate.of(2026, 11, 3), PARIS)).isTrue();
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT valid_from, hours FROM meter_offpeak ORDER BY valid_from")) {
                while (rs.next()) {
                    rows.add(rs.getDate(1) + " " + rs.getString(2));
                }
            }
            assertThat(rows).containsExactly("2024-01-01 HC (23h00-7h30)", "2026-11-03 HC (1H30-8H00;12H30-14H00)");
            try (ResultSet rs = st.executeQuery("SELECT since FROM reading_dirty")) {
                assertThat(rs.next()).isTrue();
                // the rollups are recomputed from the change, local midnight (UTC+1 in November)
                assertThat(rs.getTimestamp(1).toInstant().toString()).isEqualTo("2026-11-02T23:00:00Z");
            }
        }
    }
}

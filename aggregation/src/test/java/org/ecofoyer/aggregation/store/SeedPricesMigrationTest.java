package org.ecofoyer.aggregation.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.aggregation.maths.Price;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.storage.Database;
import org.ecofoyer.storage.TestDatabases;
import org.junit.jupiter.api.Test;

/**
 * The price seed is frozen SQL in its migration (V20_1_1), the price file is application data: a fresh database must
 * still hold exactly the file's prices, so that a price added to the file without the migration that seeds it (or a
 * migration that seeds something else) fails here.
 */
class SeedPricesMigrationTest {
    @Test
    void aFreshDatabaseHoldsExactlyThePriceFilesPrices() throws SQLException {
        try (Database db = TestDatabases.newMigratedDatabase(); Connection c = db.dataSource().getConnection()) {
            List<String> stored = new ArrayList<>();
            for (Fluid f : Fluid.values()) {
                PriceStore.load(c, f).forEach(p -> stored.add(key(p)));
            }
            List<String> file = PriceFile.seed().stream().map(SeedPricesMigrationTest::key).toList();
            assertThat(file).isNotEmpty();
            assertThat(stored).containsExactlyInAnyOrderElementsOf(file);
        }
    }

    /** Every field, the amount by value (the column's scale is 6, the file's as written). */
    private static String key(Price p) {
        return String.join("|", p.fluid().name(), p.option(), p.component(), p.period(), String.valueOf(p.kva()),
                p.from().toString(), String.valueOf(p.to()), p.amount().stripTrailingZeros().toPlainString(), p.source());
    }
}

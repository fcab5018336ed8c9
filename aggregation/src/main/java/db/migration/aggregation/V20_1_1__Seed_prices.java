package db.migration.aggregation;

import org.ecofoyer.aggregation.store.PriceFile;
import org.ecofoyer.aggregation.store.PriceStore;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Seeds the price table from {@code org/ecofoyer/aggregation/store/fr-prices.csv} (its header says where each price comes
 * from). A later version of the file gets a new migration that runs the same idempotent seed.
 */
public class V20_1_1__Seed_prices extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        PriceStore.seed(context.getConnection(), PriceFile.seed());
    }
}

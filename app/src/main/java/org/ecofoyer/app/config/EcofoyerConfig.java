package org.ecofoyer.app.config;

import org.ecofoyer.aggregation.AggregationConfig;
import org.ecofoyer.dashboard.DashboardConfig;
import org.ecofoyer.dashboard.HttpConfig;
import org.ecofoyer.dashboard.engage.MailConfig;
import org.ecofoyer.ingest.IngestConfig;
import org.ecofoyer.ingest.sync.UtilityConfig;
import org.ecofoyer.storage.StorageConfig;

/**
 * The whole configuration, built once at start-up from the YAML file and the environment, then never changed.
 * Each module owns the record of its own section. YAML keys are the kebab-case names of the record components
 * ({@code storage.pool-size}); the environment variable of a key is {@code ECOFOYER_} and the key's path in upper
 * case with {@code _} for dots and dashes ({@code ECOFOYER_STORAGE_POOL_SIZE}).
 */
public record EcofoyerConfig(String dataDir, StorageConfig storage, HttpConfig http, DashboardConfig dashboard,
                             AggregationConfig aggregation, UtilityConfig utility, IngestConfig ingest, MailConfig mail) {
    public static final EcofoyerConfig DEFAULTS = new EcofoyerConfig(null, null, null, null, null, null, null, null);

    /** Without an SMTP server (alerts and reports stay in the app). */
    public EcofoyerConfig(String dataDir, StorageConfig storage, HttpConfig http, DashboardConfig dashboard,
                          AggregationConfig aggregation, UtilityConfig utility, IngestConfig ingest) {
        this(dataDir, storage, http, dashboard, aggregation, utility, ingest, null);
    }

    public EcofoyerConfig {
        dataDir = dataDir == null || dataDir.isBlank() ? "./data" : dataDir;
        storage = storage == null ? StorageConfig.DEFAULTS : storage;
        http = http == null ? HttpConfig.DEFAULTS : http;
        dashboard = dashboard == null ? DashboardConfig.DEFAULTS : dashboard;
        aggregation = aggregation == null ? AggregationConfig.DEFAULTS : aggregation;
        utility = utility == null ? UtilityConfig.DEFAULTS : utility;
        ingest = ingest == null ? IngestConfig.DEFAULTS : ingest;
        mail = mail == null ? MailConfig.NONE : mail;
    }

    public EcofoyerConfig withDataDir(String dir) {
        return new EcofoyerConfig(dir, storage, http, dashboard, aggregation, utility, ingest, mail);
    }

    public EcofoyerConfig withHttp(HttpConfig newHttp) {
        return new EcofoyerConfig(dataDir, storage, newHttp, dashboard, aggregation, utility, ingest, mail);
    }

    public EcofoyerConfig withUtility(UtilityConfig newUtility) {
        return new EcofoyerConfig(dataDir, storage, http, dashboard, aggregation, newUtility, ingest, mail);
    }

    public EcofoyerConfig withIngest(IngestConfig newIngest) {
        return new EcofoyerConfig(dataDir, storage, http, dashboard, aggregation, utility, newIngest, mail);
    }
}

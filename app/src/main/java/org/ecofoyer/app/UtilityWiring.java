package org.ecofoyer.app;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import org.ecofoyer.aggregation.store.CalendarStore;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.drivers.utility.RetryPolicy;
import org.ecofoyer.drivers.utility.UtilitySource;
import org.ecofoyer.ingest.sync.SyncSchedule;
import org.ecofoyer.ingest.sync.UtilityConfig;
import org.ecofoyer.ingest.sync.UtilitySources;
import org.ecofoyer.ingest.sync.UtilitySync;
import org.ecofoyer.ingest.sync.UtilitySyncScheduler;
import org.ecofoyer.ingest.writer.ReadingWriter;
import org.ecofoyer.storage.Jdbc;

/** The utility API sync, wired: clients of the configured utilities, the sync over the ingest writer, its scheduler. */
public final class UtilityWiring implements AutoCloseable {
    private final WebClient web;
    private final UtilitySync sync;
    private final UtilitySyncScheduler scheduler;
    private final Map<MeterKind, UtilitySource> sources;

    private UtilityWiring(WebClient web, UtilitySync sync, UtilitySyncScheduler scheduler, Map<MeterKind, UtilitySource> sources) {
        this.web = web;
        this.sync = sync;
        this.scheduler = scheduler;
        this.sources = sources;
    }

    /** Builds the sync; starts the daily scheduler when {@code withScheduler} and the configuration allow it. */
    public static UtilityWiring create(Vertx vertx, Jdbc jdbc, ReadingWriter writer, UtilityConfig cfg, boolean withScheduler) {
        Clock clock = Clock.systemUTC();
        WebClient web = UtilitySources.webClient(vertx);
        Map<MeterKind, UtilitySource> sources = UtilitySources.create(vertx, web, cfg, RetryPolicy.DEFAULT, clock);
        // Enedis contracts' off-peak hours go to the aggregation's tariff calendar.
        UtilitySync.OffPeakSink offPeak = (meterId, hours, firstDay, today, zone) -> jdbc.inTransaction(
                c -> CalendarStore.offPeakReported(c, meterId, hours, firstDay, today, zone)).mapEmpty();
        UtilitySync sync = new UtilitySync(vertx, jdbc, writer, sources, cfg.refetchDays(),
                new SyncSchedule(cfg.dailyTime(), cfg.jitter(), new Random()), clock, offPeak);
        UtilitySyncScheduler scheduler = withScheduler && cfg.scheduler()
                ? new UtilitySyncScheduler(vertx, sync, cfg.checkEvery()).start() : null;
        return new UtilityWiring(web, sync, scheduler, sources);
    }

    public UtilitySync sync() {
        return sync;
    }

    /** The meter kinds whose utility is configured. */
    public java.util.Set<MeterKind> configuredKinds() {
        return sources.keySet();
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        web.close();
    }
}

package org.ecofoyer.aggregation.query;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.ecofoyer.aggregation.maths.PriceGap;
import org.ecofoyer.core.Fluid;
import org.ecofoyer.core.runtime.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator which prices are missing (issue #16): on start-up and once a day it reads every meter's unpriced
 * days ({@link RollupReader#missingPrices}), merges them per price ({@link PriceGap}), logs one WARN line per gap with
 * the command that fills it — once per gap, not at every check — and an INFO line when a gap told is gone; and it keeps
 * {@value #METRIC}{@code {fluid}} (the number of gaps per fluid, on {@code /metrics}) and a {@code prices} part of
 * {@code /health} up to date. A missing price is not an outage: that part is always up.
 */
public final class MissingPriceWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MissingPriceWatch.class);
    public static final String METRIC = "aggregation.prices.missing";
    public static final Duration EVERY = Duration.ofDays(1);
    /** Prices are dated in Paris local days (PriceFile): the day a gap is judged open against. */
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** How many gaps {@code /health} lists (the log and {@code ecofoyer tariff missing} have them all). */
    static final int HEALTH_LIST = 20;

    private final DataSource dataSource;
    private final Clock clock;
    private final Map<Fluid, AtomicInteger> perFluid = new EnumMap<>(Fluid.class);
    private final Periodic periodic = new Periodic("aggregation-price-watch", Duration.ofSeconds(10));
    /** The gaps told, by key, as last seen: a gap is told once while it lasts, and again only if it comes back. */
    private Map<String, PriceGap> told = Map.of();
    private volatile List<PriceGap> gaps = List.of();
    private volatile Instant checkedAt;

    public MissingPriceWatch(DataSource dataSource, Clock clock, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.clock = clock;
        for (Fluid f : Fluid.values()) {
            AtomicInteger n = new AtomicInteger();
            perFluid.put(f, n);
            Gauge.builder(METRIC, n, AtomicInteger::get).tag("fluid", f.name().toLowerCase(Locale.ROOT))
                    .description("missing price ranges: prices the rollups needed and did not find (ecofoyer tariff missing)")
                    .register(registry);
        }
    }

    /** Checks after {@code first}, then every {@code every}. */
    public MissingPriceWatch start(Duration first, Duration every) {
        try {
            periodic.start(first, every, this::checkQuietly);
        } catch (RejectedExecutionException e) {
            LOG.debug("missing-price watch not started: already closed");
        }
        return this;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (SQLException | RuntimeException e) {
            LOG.warn("missing-price check failed, will try again in {}: {}", EVERY, e.toString());
        }
    }

    /** Reads the gaps now, tells the new ones, updates the metric; returns every gap. Blocking. */
    public synchronized List<PriceGap> check() throws SQLException {
        List<PriceGap> now;
        try (Connection c = dataSource.getConnection()) {
            now = PriceGap.of(new RollupReader(c).missingPrices(null));
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), PARIS);
        Map<String, PriceGap> seen = new HashMap<>();
        Map<Fluid, Integer> counts = new EnumMap<>(Fluid.class);
        for (PriceGap g : now) {
            seen.put(g.key(), g);
            counts.merge(g.fluid(), 1, Integer::sum);
            if (!told.containsKey(g.key())) {
                LOG.warn(g.warning(today));
            }
        }
        for (PriceGap g : told.values()) {
            if (!seen.containsKey(g.key())) {
                LOG.info("price now present for {} from {}: its costs are complete", g.price(), g.from());
            }
        }
        told = seen;
        perFluid.forEach((f, n) -> n.set(counts.getOrDefault(f, 0)));
        gaps = now;
        checkedAt = clock.instant();
        return now;
    }

    /** The {@code /health} part: always up; the gap count per fluid and the first gaps. */
    public JsonObject health() {
        JsonObject counts = new JsonObject();
        perFluid.forEach((f, n) -> counts.put(f.name().toLowerCase(Locale.ROOT), n.get()));
        LocalDate today = LocalDate.ofInstant(clock.instant(), PARIS);
        JsonArray list = new JsonArray();
        gaps.stream().limit(HEALTH_LIST).forEach(g -> list.add(g.warning(today)));
        return new JsonObject().put("up", true).put("missing_ranges", counts).put("missing", list)
                .put("checked_at", checkedAt == null ? null : checkedAt.toString());
    }

    @Override
    public void close() {
        periodic.close();
    }
}

package org.ecofoyer.tools.demo;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.tools.fake.FakeUtilityServer;
import org.ecofoyer.ingest.sync.UtilityConfig;
import org.ecofoyer.storage.Meters;

/**
 * The demo's gas and water: a {@link FakeUtilityServer} on a free loopback port, the utility configuration that points
 * the real clients at it, and the demo household's Gazpar and Téléo meters. The data then arrives exactly as it would
 * from GRDF and Eau du Grand Lyon: through the clients, the sync and the ingest writer.
 */
public final class DemoUtilities implements AutoCloseable {
    static final String HOUSEHOLD = DemoAccount.HOUSEHOLD;
    static final String GAS_METER = "demo-gas";
    static final String GAS_PCE = "23000000000001";
    static final String WATER_METER = "demo-water";
    static final String WATER_CONTRACT = "DEMO-EAU-0001";

    private final Vertx vertx;
    private final FakeUtilityServer fake;

    private DemoUtilities(Vertx vertx, FakeUtilityServer fake) {
        this.vertx = vertx;
        this.fake = fake;
    }

    public static DemoUtilities start() throws Exception {
        Vertx vertx = Vertx.vertx();
        FakeUtilityServer fake = new FakeUtilityServer(vertx, Clock.systemUTC(), ZoneId.of("Europe/Paris"))
                .start("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new DemoUtilities(vertx, fake);
    }

    /** The configuration's utility section, pointed at the fake with its demo credentials. */
    public UtilityConfig config(UtilityConfig base) {
        return new UtilityConfig(base.refetchDays(), base.dailyAt(), base.jitter(), Duration.ofSeconds(5), true,
                new UtilityConfig.Grdf(fake.grdfApiUrl(), fake.grdfTokenUrl(), FakeUtilityServer.CLIENT_ID,
                        FakeUtilityServer.CLIENT_SECRET, null),
                new UtilityConfig.Enedis(fake.enedisApiUrl(), fake.enedisTokenUrl(), FakeUtilityServer.CLIENT_ID,
                        FakeUtilityServer.CLIENT_SECRET, null, null, null),
                new UtilityConfig.Teleo(fake.teleoUrl(), fake.teleoUrl(), FakeUtilityServer.TELEO_CLIENT_ID,
                        FakeUtilityServer.TELEO_REDIRECT, FakeUtilityServer.TELEO_USER, FakeUtilityServer.TELEO_PASSWORD, null));
    }

    /** The demo household's gas and water meters (kept if they exist). */
    public static void ensureMeters(DataSource ds) throws SQLException {
        HouseholdId home = new HouseholdId(HOUSEHOLD);
        try (Connection c = ds.getConnection()) {
            Meters.registerAll(c, new Meters.NewHousehold(home, "Foyer de démonstration"), List.of(
                    new Meters.Registration(new MeterCode(GAS_METER), home, MeterKind.GAZPAR, GAS_PCE),
                    new Meters.Registration(new MeterCode(WATER_METER), home, MeterKind.TELEO, WATER_CONTRACT)));
        }
    }

    @Override
    public void close() {
        vertx.close();
    }
}

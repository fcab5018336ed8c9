package org.ecofoyer.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import org.ecofoyer.drivers.tic.MeterSimulator;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.ingest.SimulatedMeterSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's simulated Linky: a standard-mode HP/HC meter whose TIC bytes go through the real decoder and the ingest
 * pipeline (validation, live bus {@code ecofoyer.live.022161000042}, downsampling, writer) like a serial port's. A day
 * of history is replayed first (in the background), then a frame every 2 s, live. It belongs to its own household
 * ({@link #HOUSEHOLD}) so that it does not add to the demo household's electricity, whose year of history the
 * dashboard's {@code DemoHousehold} writes.
 */
public final class DemoMeter {
    private static final Logger LOG = LoggerFactory.getLogger(DemoMeter.class);
    /** The demo meter's code (also its ADSC). */
    public static final String CODE = "022161000042";
    /** The simulated meter's household. */
    public static final String HOUSEHOLD = "demo-simulated";

    private DemoMeter() {
    }

    /** Registers the meter (if missing) and starts the simulated source. */
    public static SimulatedMeterSource start(EcofoyerServer server) throws SQLException {
        String household = HOUSEHOLD;
        try (Connection c = server.database().dataSource().getConnection();
             PreparedStatement hh = c.prepareStatement("INSERT INTO household (id, name) VALUES (?, 'Simulated Linky') ON CONFLICT (id) DO NOTHING");
             PreparedStatement ps = c.prepareStatement("INSERT INTO meter (code, household_id, fluid, kind, external_id, tariff_option,"
                     + " subscribed_kva) VALUES (?, ?, 'ELECTRICITY', 'LINKY_TIC', ?, 'HPHC', 6) ON CONFLICT (code) DO NOTHING")) {
            hh.setString(1, household);
            hh.executeUpdate();
            ps.setString(1, CODE);
            ps.setString(2, household);
            ps.setString(3, CODE);
            ps.executeUpdate();
        }
        MeterSimulator simulator = new MeterSimulator(new MeterSimulator.Config(TicMode.STANDARD, MeterSimulator.Option.HPHC, 1,
                false, 42, 0));
        SimulatedMeterSource source = new SimulatedMeterSource(simulator, CODE, server.ingest().pipeline(), Duration.ofSeconds(2));
        server.ingest().addSource("demo-meter", source, source::health);
        Thread t = new Thread(() -> {
            try {
                source.backfill(Duration.ofDays(1), Duration.ofMinutes(1));
                source.start();
            } catch (RuntimeException e) {
                LOG.warn("demo meter stopped: {}", e.toString());
            }
        }, "ecofoyer-demo-meter");
        t.setDaemon(true);
        t.start();
        return source;
    }
}

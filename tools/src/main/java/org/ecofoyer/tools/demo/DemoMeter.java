package org.ecofoyer.tools.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.ingest.IngestService;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo household's Linky, live: a historique HP/HC meter whose TIC bytes go through the real decoder and the
 * ingest pipeline (validation, live bus {@code ecofoyer.live.demo-elec}, downsampling, writer) like a serial port's,
 * a frame every 2 s. It continues the indexes of the history that {@link DemoHousehold} stored, so that the live page,
 * the charts and the rollups all show one meter, and a restart never makes an index go back.
 */
public final class DemoMeter {
    private static final Logger LOG = LoggerFactory.getLogger(DemoMeter.class);
    /** The demo meter's code: the demo household's electricity meter. */
    public static final String CODE = DemoHousehold.ELECTRICITY;

    private DemoMeter() {
    }

    /** Starts the simulated meter from the last stored indexes of the demo household's electricity meter. */
    public static SimulatedMeterSource start(DataSource dataSource, IngestService ingest) throws SQLException {
        MeterSimulator simulator = new MeterSimulator(new MeterSimulator.Config(TicMode.HISTORIQUE, TariffOption.HPHC, 1,
                false, 42, 0));
        DemoHousehold.Last last;
        try (Connection c = dataSource.getConnection()) {
            last = DemoHousehold.last(c, CODE);
        }
        if (last.instant() != null) {
            simulator.continueFrom(last.instant(), last.hc(), last.hp()); // HPHC registers: HC then HP
        }
        SimulatedMeterSource source = new SimulatedMeterSource(simulator, CODE, ingest.pipeline(), Duration.ofSeconds(2));
        ingest.addSource("demo-meter", source, source::health);
        source.start();
        LOG.info("demo meter {} live (simulated Linky {}, historique HP/HC, a frame every 2 s)", CODE, simulator.serial());
        return source;
    }
}

package org.ecofoyer.tools.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecofoyer.core.HouseholdId;
import org.ecofoyer.core.Meter;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.core.MeterKind;
import org.ecofoyer.core.TariffOption;
import org.ecofoyer.core.Channels;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.gateway.GatewayPayloads;
import org.ecofoyer.tools.sim.MeterSimulator;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.storage.Meters;

/**
 * One simulated gateway of a load test: a standard-mode Linky ({@link MeterSimulator}, the same as {@code tic
 * simulate}) behind a gateway firmware publishing in {@code format}. Each frame also gives the readings ingest must
 * derive from it, to check the database afterwards.
 */
final class SimulatedGateway {
    private final MeterSimulator simulator;
    private final GatewayFormat format;
    private final GatewayConfig config;

    /** The messages of one frame and the readings they carry. */
    record Published(List<GatewayPayloads.Message> messages, List<Reading> readings) {
    }

    SimulatedGateway(int index, String prefix, GatewayFormat format) {
        this.simulator = new MeterSimulator(new MeterSimulator.Config(TicMode.STANDARD, TariffOption.HPHC, 1, false,
                index + 1L, 0));
        this.format = format;
        String name = prefix + "-" + index;
        String topic = switch (format) {
            case TASMOTA -> "tele/" + name + "/SENSOR";
            case TELEINFO2MQTT -> "teleinfo/" + name;
            case ZLINKY -> "zigbee2mqtt/" + name;
            default -> "ecofoyer/gw/" + name + "/tic";
        };
        this.config = new GatewayConfig(topic, name, simulator.serial(), format);
    }

    GatewayConfig config() {
        return config;
    }

    String meter() {
        return config.meter();
    }

    /** The frame the meter sends at {@code at}, as its gateway publishes it. */
    Published next(Instant at) {
        byte[] bytes = simulator.next(at).bytes();
        List<GatewayPayloads.Message> messages = new ArrayList<>(1);
        List<Reading> readings = new ArrayList<>();
        for (TicFrame f : TicDecoder.decodeAll(Optional.of(TicMode.STANDARD), bytes)) {
            for (Reading r : f.readings(config.meter(), f.instant().orElse(at))) {
                if (!Channels.isMeterFact(r.channel())) { // kept apart by ingest, not as readings (#16)
                    readings.add(r);
                }
            }
            messages.addAll(format == GatewayFormat.RAW ? List.of(new GatewayPayloads.Message(config.topic(), bytes))
                    : GatewayPayloads.encode(format, config.topic(), f));
        }
        return new Published(messages, readings);
    }

    /**
     * Registers the gateways' meters in {@code household} (created if missing) and removes what earlier runs stored for
     * them, so that a run checks only its own rows. Returns meter code → id.
     */
    static Map<String, Integer> register(Connection c, String household, String name, List<SimulatedGateway> gateways)
            throws SQLException {
        String mine = "(SELECT id FROM meter WHERE household_id = '" + household + "')"; // our own constant, not input
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM reading WHERE meter_id IN " + mine);
            st.execute("DELETE FROM reading_dirty WHERE meter_id IN " + mine);
            st.execute("DELETE FROM meter_event WHERE meter_id IN " + mine);
        }
        HouseholdId home = new HouseholdId(household);
        List<Meters.Registration> meters = new ArrayList<>(gateways.size());
        for (SimulatedGateway g : gateways) {
            meters.add(new Meters.Registration(new MeterCode(g.meter()), home, MeterKind.LINKY_TIC, g.config().meterSerial()));
        }
        Meters.registerAll(c, new Meters.NewHousehold(home, name), meters);
        Map<String, Integer> ids = new HashMap<>();
        for (Meter m : Meters.ofHousehold(c, home)) {
            ids.put(m.code().value(), m.id());
        }
        return ids;
    }
}

package org.ecofoyer.dashboard;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ecofoyer.core.MeterCode;
import org.ecofoyer.gateway.Checklist;
import org.ecofoyer.gateway.Gateway;
import org.ecofoyer.gateway.GatewayRegistry;
import org.ecofoyer.ingest.query.Readings;
import org.ecofoyer.storage.Meters;

/**
 * A registered gateway's commissioning checklist as of now: the registry's record of what ingest saw, and the last
 * values stored for its meter (ingest's {@code query.Readings}). Here rather than in ingest, whose JDBC stays in its
 * writer, sync and query packages (and the query side stands on storage alone). One place for {@code ecofoyer gateway watch} and the dashboard's commissioning page,
 * both of which read the database as clients (beside a running server).
 */
public final class GatewayChecklists {
    /** The values shown: the meter's readings of the last few minutes (older ones say nothing of the gateway). */
    static final Duration VALUES_WITHIN = Duration.ofMinutes(10);

    /** The gateway and its checklist. */
    public record Commissioning(Gateway gateway, Checklist checklist) {
    }

    private GatewayChecklists() {
    }

    /**
     * @param brokerUp whether the broker answers (the caller's own connection), null if unknown
     * @return empty when no gateway has this id
     */
    public static Optional<Commissioning> of(Connection c, String gatewayId, Instant now, Boolean brokerUp) throws SQLException {
        Optional<Gateway> found = GatewayRegistry.find(c, gatewayId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Gateway g = found.get();
        Checklist.LastValues values = Checklist.LastValues.NONE;
        var meter = Meters.byCode(c, new MeterCode(g.meter()));
        if (meter.isPresent()) {
            Map<String, Long> v = new LinkedHashMap<>();
            Instant at = null;
            for (Readings.Latest l : Readings.latestValues(c, meter.get().id(), now.minus(VALUES_WITHIN))) {
                v.put(l.channel(), l.value());
                at = at == null || l.instant().isAfter(at) ? l.instant() : at;
            }
            values = at == null ? Checklist.LastValues.NONE : new Checklist.LastValues(at, v);
        }
        return Optional.of(new Commissioning(g, Checklist.of(g, g.activity(), now, brokerUp, values)));
    }
}

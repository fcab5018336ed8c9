package org.ecofoyer.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.source.MessageDecoder;

/**
 * A transport-test payload, {@code SERIAL;EPOCH_SECOND;INDEX_WH}: delivery tests (restarts, kills, shared
 * subscriptions) need countable messages, not TIC formats, which the per-format tests cover with the real codecs.
 * {@code SERIAL;-;INDEX_WH} has no instant of its own and is stamped on reception, as a historique frame without date
 * is: delivered twice, it is stored under two instants, a double that only counting by value sees.
 */
public final class LineDecoder implements MessageDecoder {
    @Override
    public Decoded decode(GatewayConfig gateway, String topic, byte[] payload, Instant receivedAt) {
        String[] p = new String(payload, StandardCharsets.UTF_8).split(";");
        if (p.length != 3) {
            return Decoded.malformed("UNEXPECTED_SHAPE", "expected SERIAL;EPOCH_SECOND;INDEX_WH");
        }
        try {
            if (p[1].equals("-")) {
                return Decoded.ok(List.of(new Reading(gateway.meter(), receivedAt, "index.total", Long.parseLong(p[2]))),
                        Set.of(p[0]), 0, Stamp.RECEPTION, false);
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(p[1]));
            return Decoded.ok(List.of(new Reading(gateway.meter(), at, "index.total", Long.parseLong(p[2]))), Set.of(p[0]));
        } catch (NumberFormatException e) {
            return Decoded.malformed("BAD_VALUE", e.getMessage());
        }
    }

    public static String line(String serial, long epochSecond, long wh) {
        return serial + ";" + epochSecond + ";" + wh;
    }

    /** A payload without an instant: stamped on reception. */
    public static String undated(String serial, long wh) {
        return serial + ";-;" + wh;
    }
}

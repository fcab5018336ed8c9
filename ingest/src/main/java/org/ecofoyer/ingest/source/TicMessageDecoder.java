package org.ecofoyer.ingest.source;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.gateway.GatewayResult;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.gateway.GatewayConfig;

/**
 * Gateway payloads through the TIC engineer's codecs ({@link GatewayFormat}): the gateway's format picks the codec;
 * readings are stamped with the frame's DATE when it has one, else the reception time.
 */
public final class TicMessageDecoder implements MessageDecoder {
    @Override
    public Decoded decode(GatewayConfig gateway, String topic, byte[] payload, Instant receivedAt) {
        GatewayResult result = gateway.format().codec().decode(topic, payload);
        if (result instanceof GatewayResult.Rejected rejected) {
            return Decoded.malformed(rejected.error().kind().name(), rejected.error().message());
        }
        Set<String> serials = new HashSet<>();
        for (TicFrame f : ((GatewayResult.Decoded) result).frames()) {
            f.meterId().map(String::strip).ifPresent(serials::add);
        }
        return Decoded.ok(result.readings(gateway.meter(), receivedAt), serials, ((GatewayResult.Decoded) result).droppedValues());
    }
}

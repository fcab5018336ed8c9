package org.ecofoyer.ingest.source;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.gateway.GatewayResult;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.gateway.GatewayConfig;
import org.ecofoyer.ingest.InstantsConfig;

/**
 * Gateway payloads through the TIC engineer's codecs ({@link GatewayFormat}): the gateway's format picks the codec;
 * readings are stamped with the frame's DATE when it has one (the meter's clock), else the gateway's own timestamp
 * when the payload carries one and the receiving clock trusts it ({@link GatewayClock}), else the reception time.
 */
public final class TicMessageDecoder implements MessageDecoder {
    private final InstantsConfig instants;

    public TicMessageDecoder() {
        this(InstantsConfig.DEFAULTS);
    }

    public TicMessageDecoder(InstantsConfig instants) {
        this.instants = instants;
    }

    @Override
    public Decoded decode(GatewayConfig gateway, String topic, byte[] payload, Instant receivedAt) {
        GatewayResult result = gateway.format().codec().decode(topic, payload);
        if (result instanceof GatewayResult.Rejected rejected) {
            return Decoded.malformed(rejected.error().kind().name(), rejected.error().message());
        }
        GatewayResult.Decoded decoded = (GatewayResult.Decoded) result;
        Set<String> serials = new HashSet<>();
        boolean meterTime = false;
        org.ecofoyer.drivers.tic.TicMode mode = null;
        for (TicFrame f : decoded.frames()) {
            mode = f.size() > 0 ? f.mode() : mode;
            f.meterId().map(String::strip).ifPresent(serials::add);
            meterTime |= f.instant().isPresent();
        }
        Instant stampAt = receivedAt;
        Stamp stamp = meterTime ? Stamp.METER : Stamp.RECEPTION;
        boolean clockRejected = false;
        if (decoded.gatewayTime() != null) {
            Instant gatewayAt = GatewayClock.trusted(decoded.gatewayTime().at(instants.gatewayZone()), receivedAt,
                    instants.futureTolerance(), instants.gatewayMaxDelay());
            if (gatewayAt != null) {
                stampAt = gatewayAt;
                stamp = meterTime ? Stamp.METER : Stamp.GATEWAY;
            } else {
                clockRejected = true;
            }
        }
        return Decoded.ok(result.readings(gateway.meter(), stampAt), serials, decoded.droppedValues(), stamp, clockRejected).withMode(mode);
    }
}

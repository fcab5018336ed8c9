package org.ecofoyer.drivers.gateway;

import java.util.ArrayList;
import java.util.List;
import org.ecofoyer.drivers.tic.TicCounters;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicFrame;

/**
 * Raw TIC bytes as published by serial-to-MQTT bridges: one or more STX…ETX frames, or the bare groups of one frame
 * (some bridges strip STX/ETX), in either mode.
 */
final class RawTicCodec implements PayloadCodec {
    @Override
    public GatewayResult decode(String topic, byte[] payload) {
        if (payload == null || payload.length == 0) {
            return GatewayResult.rejected(GatewayError.Kind.EMPTY, "empty payload");
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            return GatewayResult.rejected(GatewayError.Kind.TOO_LARGE, payload.length + " bytes, more than " + MAX_PAYLOAD_BYTES);
        }
        List<TicFrame> frames = new ArrayList<>();
        TicDecoder d = TicDecoder.auto(frames::add);
        boolean hasStx = false;
        for (byte b : payload) {
            if ((b & 0x7F) == 0x02) {
                hasStx = true;
                break;
            }
        }
        if (!hasStx) {
            d.feed(new byte[] {0x02});
        }
        d.feed(payload);
        if (!hasStx) {
            d.feed(new byte[] {'\r', 0x03});
        }
        d.endOfInput();
        TicCounters c = d.counters();
        List<TicFrame> useful = new ArrayList<>();
        for (TicFrame f : frames) {
            if (f.size() > 0) {
                useful.add(f);
            }
        }
        if (useful.isEmpty()) {
            return GatewayResult.rejected(c.invalidGroups() > 0 ? GatewayError.Kind.BAD_VALUE : GatewayError.Kind.NO_COMPLETE_FRAME,
                    "no complete frame with a valid group (" + c.summary() + ")");
        }
        return new GatewayResult.Decoded(useful, (int) Math.min(Integer.MAX_VALUE, c.invalidGroups()));
    }
}

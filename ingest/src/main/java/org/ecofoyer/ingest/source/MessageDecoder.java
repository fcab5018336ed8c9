package org.ecofoyer.ingest.source;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.gateway.GatewayConfig;

/** Turns one gateway message into its meter's readings. Pure and thread-safe; bad input gives an error, never a throw. */
@FunctionalInterface
public interface MessageDecoder {

    Decoded decode(GatewayConfig gateway, String topic, byte[] payload, Instant receivedAt);

    /**
     * @param readings     readings of the gateway's meter ({@code Reading.meter()} = {@code gateway.meter()})
     * @param meterSerials the meter ids (ADCO/ADSC) the payload itself names (empty if it names none)
     * @param errorKind    null when decoded; else a stable reason for the metrics (e.g. {@code NOT_JSON})
     * @param error        what was wrong, for the log
     * @param droppedValues values of an accepted payload left out because they were invalid (a TIC group with a bad
     *                      checksum, length or charset): the rest of the frame is kept, and these are counted
     */
    record Decoded(List<Reading> readings, Set<String> meterSerials, String errorKind, String error, int droppedValues) {
        public static Decoded ok(List<Reading> readings, Set<String> meterSerials) {
            return ok(readings, meterSerials, 0);
        }

        public static Decoded ok(List<Reading> readings, Set<String> meterSerials, int droppedValues) {
            return new Decoded(List.copyOf(readings), Set.copyOf(meterSerials), null, null, droppedValues);
        }

        public static Decoded malformed(String kind, String error) {
            return new Decoded(List.of(), Set.of(), kind, error, 0);
        }

        public boolean ok() {
            return errorKind == null;
        }
    }
}

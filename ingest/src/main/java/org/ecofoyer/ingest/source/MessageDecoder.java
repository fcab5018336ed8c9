package org.ecofoyer.ingest.source;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.gateway.GatewayConfig;

/** Turns one gateway message into its meter's readings. Pure and thread-safe; bad input gives an error, never a throw. */
@FunctionalInterface
public interface MessageDecoder {

    Decoded decode(GatewayConfig gateway, String topic, byte[] payload, Instant receivedAt);

    /** Where a message's instants come from, most trusted first. */
    enum Stamp {
        /** the meter's own clock (TIC DATE horodate) */
        METER,
        /** the gateway's timestamp in the payload, checked against the receiving clock */
        GATEWAY,
        /** the reception time: the last resort */
        RECEPTION
    }

    /**
     * @param readings     readings of the gateway's meter ({@code Reading.meter()} = {@code gateway.meter()})
     * @param meterSerials the meter ids (ADCO/ADSC) the payload itself names (empty if it names none)
     * @param errorKind    null when decoded; else a stable reason for the metrics (e.g. {@code NOT_JSON})
     * @param error        what was wrong, for the log
     * @param droppedValues values of an accepted payload left out because they were invalid (a TIC group with a bad
     *                      checksum, length or charset): the rest of the frame is kept, and these are counted
     * @param stamp         where the readings' instants come from; {@link Stamp#RECEPTION} ones are {@code receivedAt}
     *                      and may be stamped again by the source (a burst, see {@link BurstStamps})
     * @param gatewayClockRejected the payload carried a gateway timestamp that the receiving clock did not trust
     * @param mode          the TIC mode of the payload's frames (their labels tell it), or null when it has none: what the
     *                      commissioning checklist compares with the mode the gateway is registered for
     */
    record Decoded(List<Reading> readings, Set<String> meterSerials, String errorKind, String error, int droppedValues,
                   Stamp stamp, boolean gatewayClockRejected, TicMode mode) {
        public static Decoded ok(List<Reading> readings, Set<String> meterSerials) {
            return ok(readings, meterSerials, 0);
        }

        public static Decoded ok(List<Reading> readings, Set<String> meterSerials, int droppedValues) {
            return ok(readings, meterSerials, droppedValues, Stamp.RECEPTION, false);
        }

        public static Decoded ok(List<Reading> readings, Set<String> meterSerials, int droppedValues, Stamp stamp,
                                 boolean gatewayClockRejected) {
            return new Decoded(List.copyOf(readings), Set.copyOf(meterSerials), null, null, droppedValues, stamp, gatewayClockRejected, null);
        }

        public static Decoded malformed(String kind, String error) {
            return new Decoded(List.of(), Set.of(), kind, error, 0, Stamp.RECEPTION, false, null);
        }

        /** The same, its frames being in {@code m}. */
        public Decoded withMode(TicMode m) {
            return new Decoded(readings, meterSerials, errorKind, error, droppedValues, stamp, gatewayClockRejected, m);
        }

        public boolean ok() {
            return errorKind == null;
        }
    }
}

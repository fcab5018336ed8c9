package org.ecofoyer.drivers.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ecofoyer.drivers.Reading;
import org.ecofoyer.drivers.tic.TicFrame;

/** What a {@link PayloadCodec} made of a payload: frames, or a typed error. Never an exception. */
public sealed interface GatewayResult permits GatewayResult.Decoded, GatewayResult.Rejected {

    /**
     * The payload's TIC data as frames (raw payloads may hold several; JSON payloads give one, usually
     * {@link TicFrame#partial() partial}). {@code droppedValues} counts values that were left out because they were
     * invalid (they are also in each frame's {@link TicFrame#invalidGroups()}). {@code gatewayTime} is the gateway's
     * own timestamp of the message when the payload carries one (Tasmota's {@code Time}, Zigbee2MQTT's
     * {@code last_seen}), else null.
     */
    record Decoded(List<TicFrame> frames, int droppedValues, GatewayTime gatewayTime) implements GatewayResult {
        public Decoded {
            frames = List.copyOf(frames);
            if (frames.isEmpty()) {
                throw new IllegalArgumentException("frames: at least one");
            }
        }

        public Decoded(List<TicFrame> frames, int droppedValues) {
            this(frames, droppedValues, null);
        }

        /** The same frames with the gateway's timestamp. */
        Decoded withGatewayTime(GatewayTime time) {
            return new Decoded(frames, droppedValues, time);
        }

        /** The frame when there is exactly one (JSON payloads), else the last one. */
        public TicFrame frame() {
            return frames.get(frames.size() - 1);
        }
    }

    /** The payload could not be used; nothing was decoded. */
    record Rejected(GatewayError error) implements GatewayResult {
        public Rejected {
            Objects.requireNonNull(error, "error");
        }
    }

    default boolean ok() {
        return this instanceof Decoded;
    }

    /**
     * The readings of every decoded frame, stamped with the frame's own instant (DATE) when it has one, else
     * {@code receivedAt}. Empty when rejected.
     */
    default List<Reading> readings(String meter, Instant receivedAt) {
        if (!(this instanceof Decoded)) {
            return List.of();
        }
        List<Reading> out = new ArrayList<>();
        for (TicFrame f : ((Decoded) this).frames()) {
            out.addAll(f.readings(meter, f.instant().orElse(receivedAt)));
        }
        return out;
    }

    static GatewayResult rejected(GatewayError.Kind kind, String message) {
        return new Rejected(new GatewayError(kind, message));
    }
}

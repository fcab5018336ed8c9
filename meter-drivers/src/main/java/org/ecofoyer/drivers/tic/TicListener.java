package org.ecofoyer.drivers.tic;

/** Receives what a {@link TicDecoder} finds. Called on the thread that feeds the decoder. */
@FunctionalInterface
public interface TicListener {
    /** Why something was dropped. */
    enum Drop {
        BAD_CHECKSUM, BAD_FORMAT, MALFORMED, OVERSIZED_GROUP, OVERSIZED_FRAME, INTERRUPTED_FRAME
    }

    /** A frame that ended with ETX, with its valid groups. */
    void onFrame(TicFrame frame);

    /**
     * A group or frame was dropped; {@code context} is the group's content as received (7-bit, control characters
     * escaped), or a short description for frames. Default: ignore (the decoder counts it anyway).
     */
    default void onDrop(Drop reason, String context) {
    }
}

package org.ecofoyer.drivers.tic;

/**
 * What a {@link TicDecoder} has seen so far. Every dropped group counts once in {@code invalidGroups} and once in its
 * reason ({@code badChecksum}, {@code badFormat} for a wrong length, charset or horodate, {@code malformed} for a
 * wrong structure, or {@code oversized}).
 *
 * @param bytes         bytes fed
 * @param frames        frames that ended with ETX (emitted)
 * @param groups        valid groups in emitted and pending frames
 * @param invalidGroups groups dropped, whatever the reason
 * @param badChecksum   groups whose checksum did not match
 * @param badFormat     groups with a good checksum but a wrong length, charset or horodate for their label
 * @param malformed     groups without the group structure (missing separators, fields or CR)
 * @param unknownLabels valid groups whose label the dictionary does not know (kept)
 * @param interrupted   frames dropped: EOT, a new STX before ETX, or the end of input
 * @param oversized     frames and groups dropped for being larger than the spec allows
 * @param noiseBytes    bytes outside STX…ETX or between groups
 */
public record TicCounters(long bytes, long frames, long groups, long invalidGroups, long badChecksum, long badFormat,
                          long malformed, long unknownLabels, long interrupted, long oversized, long noiseBytes) {
    public static final TicCounters ZERO = new TicCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Share of dropped groups among all groups seen, 0 when none was seen. */
    public double invalidRate() {
        long all = groups + invalidGroups;
        return all == 0 ? 0 : (double) invalidGroups / all;
    }

    /** The counts since {@code earlier}. */
    public TicCounters minus(TicCounters earlier) {
        return new TicCounters(bytes - earlier.bytes, frames - earlier.frames, groups - earlier.groups,
                invalidGroups - earlier.invalidGroups, badChecksum - earlier.badChecksum, badFormat - earlier.badFormat,
                malformed - earlier.malformed, unknownLabels - earlier.unknownLabels, interrupted - earlier.interrupted,
                oversized - earlier.oversized, noiseBytes - earlier.noiseBytes);
    }

    /** The {@code tic decode} summary line. */
    public String summary() {
        return "frames=" + frames + " groups=" + groups + " invalid_groups=" + invalidGroups + " interrupted=" + interrupted
                + " noise_bytes=" + noiseBytes;
    }
}

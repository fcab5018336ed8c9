package org.ecofoyer.drivers.tic;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The real captures of ../shared/data/tic, copied to test resources, and helpers to decode them. */
public final class Captures {
    public static final String ENEDIS_HISTORIQUE = "enedis-oss_tic2websocket__ticFrameHistoric.txt";
    public static final String ENEDIS_STANDARD = "enedis-oss_tic2websocket__ticFrameStandard.txt";
    public static final String ENEDIS_STANDARD_PCOUP_INVALID = "enedis-oss_tic2websocket__ticFrameStandard_PCOUP_Invalid.txt";
    public static final String HISTO_BASE = "hallard_tinfo_replay__histo_base.txt";
    public static final String HISTO_BASE_TRI = "hallard_tinfo_replay__histo_base_tri.txt";
    public static final String STAND_BASE_CORRUPTED = "hallard_tinfo_replay__stand_base.txt";
    public static final String STAND_BASE_LONG = "hallard_tinfo_replay__stand_base_long.txt";
    public static final String STAND_BASE_TRI = "hallard_tinfo_replay__stand_base_tri.txt";
    public static final List<String> ALL = List.of(ENEDIS_HISTORIQUE, ENEDIS_STANDARD, ENEDIS_STANDARD_PCOUP_INVALID, HISTO_BASE,
            HISTO_BASE_TRI, STAND_BASE_CORRUPTED, STAND_BASE_LONG, STAND_BASE_TRI);

    private Captures() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/tic/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /tic/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frames and counters of decoding {@code input} fed in chunks of {@code chunk} bytes. */
    public record Decoded(List<TicFrame> frames, TicCounters counters) {
    }

    public static Decoded decode(byte[] input, Optional<TicMode> mode, int chunk) {
        List<TicFrame> frames = new ArrayList<>();
        TicDecoder d = TicDecoder.of(mode, frames::add);
        for (int off = 0; off < input.length; off += chunk) {
            d.feed(input, off, Math.min(chunk, input.length - off));
        }
        d.endOfInput();
        return new Decoded(frames, d.counters());
    }

    static List<String> all() {
        return ALL;
    }

    public static Decoded decode(String name) {
        return decode(bytes(name), Optional.empty(), Integer.MAX_VALUE);
    }
}

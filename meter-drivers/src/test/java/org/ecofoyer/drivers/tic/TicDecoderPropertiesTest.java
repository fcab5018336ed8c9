package org.ecofoyer.drivers.tic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based tests and a fuzz run (jqwik; the number of tries is fixed so CI time is bounded). Every run draws a
 * fresh seed, which jqwik prints in its report (and on failure): replay one with {@code @Property(seed = "...")}.
 */
class TicDecoderPropertiesTest {

    // ------------------------------------------------------------------ random valid frames

    private static Arbitrary<String> data(TicLabel l) {
        switch (l.charset()) {
            case DIGITS:
                return Arbitraries.strings().numeric().ofLength(l.length());
            case HEX:
                return Arbitraries.strings().withChars("0123456789ABCDEF").ofLength(l.length());
            default:
                return Arbitraries.strings().withCharRange(' ', '~').ofLength(l.length());
        }
    }

    private static Arbitrary<String> horodate() {
        return Combinators.combine(Arbitraries.of(' ', 'E', 'e', 'H', 'h'), Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 28), Arbitraries.integers().between(0, 23),
                Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 59))
                .as((s, y, mo, d, h, mi, se) -> String.format("%c%02d%02d%02d%02d%02d%02d", s, y, mo, d, h, mi, se));
    }

    private static Arbitrary<TicEncoder.Group> group(TicMode mode) {
        List<TicLabel> labels = Arrays.stream(TicLabel.values()).filter(l -> l.mode() == mode).toList();
        return Arbitraries.of(labels).flatMap(l -> l.horodated()
                ? Combinators.combine(horodate(), data(l)).as((h, d) -> new TicEncoder.Group(l.wire(), h, d))
                : data(l).map(d -> new TicEncoder.Group(l.wire(), d)));
    }

    record Sample(TicMode mode, List<TicEncoder.Group> groups) {
    }

    @Provide
    Arbitrary<Sample> frames() {
        return Arbitraries.of(TicMode.values()).flatMap(m -> group(m).list().ofMinSize(1).ofMaxSize(40)
                .map(gs -> new Sample(m, dedupe(gs))));
    }

    /** A frame holds each label once. */
    private static List<TicEncoder.Group> dedupe(List<TicEncoder.Group> gs) {
        Map<String, TicEncoder.Group> m = new LinkedHashMap<>();
        gs.forEach(g -> m.putIfAbsent(g.label(), g));
        return new ArrayList<>(m.values());
    }

    @Property(tries = 300)
    void randomValidFramesRoundTrip(@ForAll("frames") Sample s) {
        byte[] wire = TicEncoder.frame(s.mode(), s.groups());
        List<TicFrame> out = TicDecoder.decodeAll(Optional.empty(), wire);
        assertThat(out).hasSize(1);
        TicFrame f = out.get(0);
        assertThat(f.mode()).isEqualTo(s.mode());
        assertThat(f.invalidGroups()).isZero();
        assertThat(TicEncoder.groups(f)).isEqualTo(s.groups());
    }

    @Property(tries = 200)
    void chunkingNeverChangesTheResult(@ForAll("frames") Sample a, @ForAll("frames") Sample b, @ForAll @IntRange(min = 1, max = 300) int chunk) {
        byte[] wire = concat(TicEncoder.frame(a.mode(), a.groups()), "noise\r\n".getBytes(StandardCharsets.US_ASCII),
                TicEncoder.frame(b.mode(), b.groups()));
        Captures.Decoded whole = Captures.decode(wire, Optional.empty(), wire.length);
        Captures.Decoded cut = Captures.decode(wire, Optional.empty(), chunk);
        assertThat(cut.frames()).isEqualTo(whole.frames());
        assertThat(cut.counters()).isEqualTo(whole.counters());
        assertThat(whole.frames()).hasSize(2);
    }

    @Property(tries = 300)
    void anyBytesNeverThrowAndStayBounded(@ForAll @Size(max = 6000) byte[] input, @ForAll @IntRange(min = 1, max = 64) int chunk) {
        Captures.Decoded d = Captures.decode(input, Optional.empty(), chunk);
        assertGroupsComeFromTheInput(d, input);
        assertThat(d.counters().bytes()).isEqualTo(input.length);
    }

    // ------------------------------------------------------------------ fuzz: mutated captures, a fresh seed each run

    @Property(tries = 400)
    void mutatedCapturesNeverFoolTheDecoder(@ForAll @IntRange(min = 0, max = 7) int capture, @ForAll long seed,
                                            @ForAll @IntRange(min = 1, max = 40) int mutations) {
        byte[] in = Captures.bytes(Captures.ALL.get(capture));
        Random r = new Random(seed);
        List<Byte> bytes = new ArrayList<>(in.length + mutations);
        for (byte b : in) {
            bytes.add(b);
        }
        for (int i = 0; i < mutations; i++) {
            int at = r.nextInt(bytes.size());
            switch (r.nextInt(4)) {
                case 0:
                    bytes.set(at, (byte) r.nextInt(256));
                    break;
                case 1:
                    bytes.remove(at);
                    break;
                case 2:
                    bytes.add(at, new byte[] {0x02, 0x03, 0x04, 0x0A, 0x0D, 0x09, 0x20}[r.nextInt(7)]);
                    break;
                default:
                    bytes.set(at, (byte) (bytes.get(at) ^ (1 << r.nextInt(8))));
            }
        }
        byte[] mutated = new byte[bytes.size()];
        for (int i = 0; i < mutated.length; i++) {
            mutated[i] = bytes.get(i);
        }
        Captures.Decoded d = Captures.decode(mutated, Optional.empty(), 1 + r.nextInt(100));
        assertGroupsComeFromTheInput(d, mutated);
        assertNoAcceptedCorruption(d, Captures.decode(in, Optional.empty(), in.length));
    }

    /** A case the fuzz found (session 6): an ETX and an STX lost, two frames ran together and passed as one with ADCO twice. */
    @net.jqwik.api.Example
    void twoFramesRunTogetherFoundByTheFuzz() {
        mutatedCapturesNeverFoolTheDecoder(4, -1947L, 7);
    }

    /**
     * The oracle that sees accepted corruption: a group the decoder keeps from a mutated capture is either one of the
     * capture's own groups, or a change the protocol cannot detect — and then it still obeys every rule of its label
     * (length, charset, horodate), since the decoder checks those too. A frame never holds a label twice (two frames
     * glued together by a lost end-of-frame must not pass as one), and a frame without invalid groups is not counted
     * as having some.
     */
    private static void assertNoAcceptedCorruption(Captures.Decoded mutated, Captures.Decoded original) {
        java.util.Set<String> originals = new java.util.HashSet<>();
        for (TicFrame f : original.frames()) {
            for (TicEncoder.Group g : TicEncoder.groups(f)) {
                originals.add(f.mode() + " " + g);
            }
        }
        for (TicFrame f : mutated.frames()) {
            java.util.Set<String> labels = new java.util.HashSet<>();
            for (int i = 0; i < f.size(); i++) {
                assertThat(labels.add(f.label(i))).as("label %s twice in one frame", f.label(i)).isTrue();
            }
            for (TicEncoder.Group g : TicEncoder.groups(f)) {
                if (originals.contains(f.mode() + " " + g)) {
                    continue;
                }
                Optional<TicLabel> known = Optional.ofNullable(TicLabel.lookup(f.mode(), g.label().getBytes(StandardCharsets.US_ASCII),
                        0, g.label().length()));
                if (known.isPresent()) {
                    TicLabel l = known.get();
                    byte[] data = g.data().getBytes(StandardCharsets.ISO_8859_1);
                    assertThat(data.length).as("accepted %s: longer than its label allows", g).isLessThanOrEqualTo(l.length());
                    assertThat(l.charset().acceptsAll(data, 0, data.length)).as("accepted %s: outside its label's charset", g).isTrue();
                    assertThat(g.horodate() != null).as("accepted %s: horodate presence", g).isEqualTo(l.horodated());
                } else {
                    assertThat(g.label()).as("accepted label %s: not printable", g.label()).matches("[!-~]{1," + TicLabel.MAX_LABEL_LENGTH + "}");
                }
            }
        }
    }

    /**
     * The decoder never invents data: each group it keeps, re-encoded, occurs in the (7-bit) input, and no frame is
     * larger than the spec allows.
     */
    private static void assertGroupsComeFromTheInput(Captures.Decoded d, byte[] input) {
        byte[] masked = input.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] &= 0x7F;
        }
        String in = new String(masked, StandardCharsets.ISO_8859_1);
        for (TicFrame f : d.frames()) {
            int total = 0;
            for (TicEncoder.Group g : TicEncoder.groups(f)) {
                String wire = new String(TicEncoder.group(f.mode(), g), StandardCharsets.ISO_8859_1);
                assertThat(in).contains(wire);
                total += wire.length();
            }
            assertThat(total).isLessThanOrEqualTo(TicDecoder.MAX_FRAME_CONTENT + 2 * f.size());
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }
}

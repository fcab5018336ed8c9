package org.ecofoyer.drivers.tic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Framing rules on small hand-written streams (groups taken from the captures, checksums checked by hand). */
class TicDecoderTest {
    private static final String ADCO = "\nADCO 812164417227 D\r";
    private static final String OPTARIF = "\nOPTARIF BASE 0\r";
    private static final String PTEC = "\nPTEC HP..  \r"; // checksum is SP
    private static final String STX = "\u0002";
    private static final String ETX = "\u0003";
    private static final String EOT = "\u0004";

    private final List<TicFrame> frames = new ArrayList<>();
    private final List<TicListener.Drop> drops = new ArrayList<>();
    private final TicDecoder decoder = TicDecoder.auto(new TicListener() {
        @Override
        public void onFrame(TicFrame frame) {
            frames.add(frame);
        }

        @Override
        public void onDrop(Drop reason, String context) {
            drops.add(reason);
        }
    });

    private void feed(String s) {
        decoder.feed(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void eotDropsTheInterruptedFrame() {
        feed(STX + ADCO + EOT + STX + OPTARIF + ETX);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).groups()).containsExactly(entry("OPTARIF", "BASE"));
        assertThat(decoder.counters().interrupted()).isEqualTo(1);
        assertThat(drops).containsExactly(TicListener.Drop.INTERRUPTED_FRAME);
    }

    /** An ETX and the next STX lost: the two frames run together hold ADCO twice and do not pass as one frame. */
    @Test
    void twoFramesRunTogetherAreDroppedNotTakenForOne() {
        feed(STX + ADCO + OPTARIF + ADCO + PTEC + ETX + STX + ADCO + PTEC + ETX);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).groups()).containsExactly(entry("ADCO", "812164417227"), entry("PTEC", "HP.."));
        assertThat(decoder.counters().interrupted()).isEqualTo(1);
        assertThat(drops).containsExactly(TicListener.Drop.INTERRUPTED_FRAME);
    }

    @Test
    void aNewStxCutsTheFrameInProgress() {
        feed(STX + ADCO + "\nOPTAR" + STX + PTEC + ETX);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).groups()).containsExactly(entry("PTEC", "HP.."));
        assertThat(decoder.counters().interrupted()).isEqualTo(1);
        assertThat(decoder.counters().malformed()).isEqualTo(1); // the half group
    }

    @Test
    void theEndOfInputDropsAFrameWithoutEtx() {
        feed(STX + ADCO + OPTARIF);
        assertThat(frames).isEmpty();
        decoder.endOfInput();
        assertThat(frames).isEmpty();
        assertThat(decoder.counters().interrupted()).isEqualTo(1);
        assertThat(decoder.counters().frames()).isZero();
    }

    @Test
    void bytesOutsideFramesAreNoise() {
        feed("garbage" + ETX + ADCO + STX + ADCO + ETX + "\r\n");
        assertThat(frames).hasSize(1);
        assertThat(decoder.counters().noiseBytes()).isEqualTo(7 + 1 + ADCO.length() + 2);
    }

    @Test
    void theEighthBitIsMasked() {
        byte[] clean = (STX + ADCO + PTEC + ETX).getBytes(StandardCharsets.ISO_8859_1);
        byte[] dirty = clean.clone();
        for (int i = 0; i < dirty.length; i += 2) {
            dirty[i] |= (byte) 0x80;
        }
        decoder.feed(dirty);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).groups()).containsExactly(entry("ADCO", "812164417227"), entry("PTEC", "HP.."));
    }

    @Test
    void anUnknownLabelWithAGoodChecksumIsKeptAndCounted() {
        // "FOO 12": 70+79+79 + 32 + 49+50 = 359; 359 & 0x3F = 39; 39 + 0x20 = 71 = 'G'.
        feed(STX + ADCO + "\nFOO 12 G\r" + ETX);
        assertThat(frames.get(0).groups()).containsExactly(entry("ADCO", "812164417227"), entry("FOO", "12"));
        assertThat(frames.get(0).unknownLabels()).containsExactly("FOO");
        assertThat(frames.get(0).knownLabel(1)).isEmpty();
        assertThat(decoder.counters().unknownLabels()).isEqualTo(1);
    }

    @Test
    void aBadGroupIsDroppedAndTheFrameKeepsTheOthers() {
        feed(STX + ADCO + "\nOPTARIF BASE 1\r" + PTEC + ETX);
        assertThat(frames.get(0).groups()).containsExactly(entry("ADCO", "812164417227"), entry("PTEC", "HP.."));
        assertThat(frames.get(0).invalidGroups()).isEqualTo(1);
        assertThat(decoder.counters().badChecksum()).isEqualTo(1);
    }

    @Test
    void wrongLengthWithAGoodChecksumIsCaught() {
        // Two spaces added (2 x 32 = 64 ≡ 0 mod 64): the checksum still matches, the length of ADCO does not.
        feed(STX + "\nADCO 8121644172  27 D\r" + OPTARIF + ETX);
        assertThat(frames.get(0).groups()).containsExactly(entry("OPTARIF", "BASE"));
        assertThat(decoder.counters().badFormat()).isEqualTo(1);
    }

    @Test
    void anOversizedGroupIsDroppedWithoutLosingTheFrame() {
        feed(STX + ADCO + "\n" + "A".repeat(1000) + "\r" + OPTARIF + ETX);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).groups()).containsExactly(entry("ADCO", "812164417227"), entry("OPTARIF", "BASE"));
        assertThat(decoder.counters().oversized()).isEqualTo(1);
        assertThat(drops).containsExactly(TicListener.Drop.OVERSIZED_GROUP);
    }

    @Test
    void aGroupOfExactlyTheLongestLegalSizeIsKeptAndOneByteMoreIsNot() {
        // 9-character label, horodate, 98 characters of data: 9 + 1 + 13 + 1 + 98 + 1 + 1 = 124 bytes of content.
        assertThat(TicDecoder.MAX_GROUP_CONTENT).isEqualTo(124);
        TicEncoder.Group longest = new TicEncoder.Group("ABCDEFGHI", "E260101000000", "x".repeat(98));
        TicEncoder.Group tooLong = new TicEncoder.Group("ABCDEFGHI", "E260101000000", "x".repeat(99));
        for (int chunk : new int[] {1, 7, 4096}) {
            frames.clear();
            byte[] in = (STX + new String(TicEncoder.group(TicMode.STANDARD, longest), StandardCharsets.ISO_8859_1)
                    + new String(TicEncoder.group(TicMode.STANDARD, tooLong), StandardCharsets.ISO_8859_1) + ETX)
                    .getBytes(StandardCharsets.ISO_8859_1);
            for (int off = 0; off < in.length; off += chunk) {
                decoder.feed(in, off, Math.min(chunk, in.length - off));
            }
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).groups()).containsExactly(entry("ABCDEFGHI", "x".repeat(98)));
            assertThat(frames.get(0).invalidGroups()).isEqualTo(1);
        }
        assertThat(decoder.counters().oversized()).isEqualTo(3);
    }

    /** The buffers start small and grow: a frame as large as the spec allows must come out whole, in any chunking. */
    @Test
    void aFrameAsLargeAsTheSpecAllowsIsKeptWhole() {
        int perGroup = 2 + 5 + 1 + 3 + 1 + 1; // LF CR, label, HT, data, HT, checksum
        int n = TicDecoder.MAX_FRAME_CONTENT / perGroup;
        assertThat(n).isGreaterThan(96); // more groups (and bytes, > 1024) than the decoder's initial buffers hold
        StringBuilder in = new StringBuilder(STX);
        for (int i = 0; i < n; i++) {
            TicEncoder.Group g = new TicEncoder.Group(String.format("X%04d", i), null, String.format("%03d", i % 1000));
            in.append(new String(TicEncoder.group(TicMode.STANDARD, g), StandardCharsets.ISO_8859_1));
        }
        byte[] bytes = in.append(ETX).toString().getBytes(StandardCharsets.ISO_8859_1);
        assertThat(bytes.length - 2).isLessThanOrEqualTo(TicDecoder.MAX_FRAME_CONTENT).isGreaterThan(Math.max(1024, TicDecoder.MAX_FRAME_CONTENT - perGroup));
        for (int chunk : new int[] {1, 7, 4096}) {
            frames.clear();
            TicDecoder d = TicDecoder.auto(frames::add);
            for (int off = 0; off < bytes.length; off += chunk) {
                d.feed(bytes, off, Math.min(chunk, bytes.length - off));
            }
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).size()).isEqualTo(n);
            assertThat(frames.get(0).invalidGroups()).isZero();
            assertThat(frames.get(0).groups()).containsEntry("X0000", "000").containsEntry(String.format("X%04d", n - 1),
                    String.format("%03d", (n - 1) % 1000));
            assertThat(d.counters().oversized()).isZero();
        }
    }

    @Test
    void aFrameLargerThanTheSpecAllowsIsDroppedThenTheNextOneDecodes() {
        feed(STX + ADCO.repeat(TicDecoder.MAX_FRAME_CONTENT / 19 + 10));
        assertThat(decoder.counters().oversized()).isEqualTo(1);
        feed(ETX + STX + OPTARIF + ETX);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).groups()).containsExactly(entry("OPTARIF", "BASE"));
    }

    @Test
    void autoModeFollowsAMeterSwitchedToStandard() {
        feed(STX + ADCO + ETX + STX + "\nADSC\t031664001115\t)\r\nVTIC\t02\tJ\r" + ETX);
        assertThat(frames).extracting(TicFrame::mode).containsExactly(TicMode.HISTORIQUE, TicMode.STANDARD);
        assertThat(frames.get(1).meterId()).contains("031664001115");
        assertThat(decoder.lastMode()).contains(TicMode.STANDARD);
    }

    @Test
    void aFixedModeRejectsTheOtherModesGroups() {
        List<TicFrame> out = TicDecoder.decodeAll(Optional.of(TicMode.STANDARD), (STX + ADCO + ETX).getBytes(StandardCharsets.US_ASCII));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).size()).isZero();
        assertThat(out.get(0).invalidGroups()).isEqualTo(1);
    }

    @Test
    void aHorodateWithAnImpossibleDateIsRejected() {
        // Enedis' DATE group sends '>' for E170915101601; month 09 → 13 changes the sum by +1 - 6 = -5: '>' - 5 = '9'.
        String date = "DATE\tE171315101601\t\t";
        int sum = 0;
        for (char c : date.toCharArray()) {
            sum += c;
        }
        assertThat((char) ((sum & 0x3F) + 0x20)).isEqualTo('9');
        feed(STX + "\n" + date + "9\r" + "\nVTIC\t02\tJ\r" + ETX);
        assertThat(frames.get(0).groups()).containsExactly(entry("VTIC", "02"));
        assertThat(decoder.counters().badFormat()).isEqualTo(1);
    }

    @Test
    void degradedClockAndNoSeasonHorodates() {
        assertThat(TicHorodate.parse("e170915101601").orElseThrow().degraded()).isTrue();
        assertThat(TicHorodate.parse("e170915101601").orElseThrow().iso()).isEqualTo("2017-09-15T10:16:01+02:00");
        assertThat(TicHorodate.parse("H081225223518").orElseThrow().iso()).isEqualTo("2008-12-25T22:35:18+01:00");
        assertThat(TicHorodate.parse(" 090714074553").orElseThrow().iso()).isEqualTo("2009-07-14T07:45:53");
        assertThat(TicHorodate.parse(" 090714074553").orElseThrow().instant()).isEmpty();
        assertThat(TicHorodate.parse("X090714074553")).isEmpty();
        assertThat(TicHorodate.parse("E090230074553")).isEmpty();
        // The two 02:30 of the autumn change are told apart by the letter.
        assertThat(TicHorodate.parse("E211031023000").orElseThrow().instant().orElseThrow().toString()).isEqualTo("2021-10-31T00:30:00Z");
        assertThat(TicHorodate.parse("H211031023000").orElseThrow().instant().orElseThrow().toString()).isEqualTo("2021-10-31T01:30:00Z");
    }
}

package org.ecofoyer.drivers.tic;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A day profile, PJOURF+1 or PPOINTE (§6.2.3.22-23): 11 blocks {@code HHMMSSSS} separated by spaces, unused ones
 * {@code NONUTILE}. {@code slots} holds the used blocks in order.
 */
public record TicDayProfile(List<Slot> slots) {
    /** Number of blocks in the data. */
    public static final int BLOCKS = 11;

    public TicDayProfile {
        slots = List.copyOf(slots);
    }

    /**
     * One time slot: from {@code start}, the 16-bit {@code action} applies: bits 0-3 the supplier register (1..10; other
     * values keep the current one), bits 4-10 the 7 virtual contacts, bits 14-15 the dry contact.
     */
    public record Slot(LocalTime start, int action) {
        /** The supplier register energy goes to from {@code start} (1..10), empty for "no change". */
        public OptionalInt supplierRegister() {
            int r = action & 0xF;
            return r >= 1 && r <= 10 ? OptionalInt.of(r) : OptionalInt.empty();
        }

        /** Whether virtual contact {@code n} (1..7) is closed. */
        public boolean virtualContact(int n) {
            if (n < 1 || n > 7) {
                throw new IllegalArgumentException("virtual contact: 1..7, got " + n);
            }
            return ((action >>> (3 + n)) & 1) == 1;
        }

        /** Bits 14-15: 0 no change, 1 Tempo configuration, 2 open, 3 closed. */
        public int dryContact() {
            return (action >>> 14) & 3;
        }
    }

    /** Parses the 98 characters of the data; empty when malformed. */
    public static Optional<TicDayProfile> parse(String data) {
        if (data.length() != BLOCKS * 9 - 1) {
            return Optional.empty();
        }
        List<Slot> slots = new ArrayList<>(BLOCKS);
        for (int i = 0; i < BLOCKS; i++) {
            int off = i * 9;
            if (i > 0 && data.charAt(off - 1) != ' ') {
                return Optional.empty();
            }
            String block = data.substring(off, off + 8);
            if (block.equals("NONUTILE")) {
                continue;
            }
            try {
                int hh = Integer.parseInt(block.substring(0, 2));
                int mm = Integer.parseInt(block.substring(2, 4));
                if (!block.substring(0, 4).chars().allMatch(Character::isDigit) || hh > 23 || mm > 59) {
                    return Optional.empty();
                }
                String ssss = block.substring(4);
                if (!ssss.chars().allMatch(TicLabel.Charset.HEX::accepts)) {
                    return Optional.empty();
                }
                slots.add(new Slot(LocalTime.of(hh, mm), Integer.parseInt(ssss, 16)));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new TicDayProfile(slots));
    }
}

package org.ecofoyer.drivers.tic;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes TIC groups and frames as a meter sends them (the inverse of {@link TicDecoder}). */
public final class TicEncoder {
    private TicEncoder() {
    }

    /** One group's parts; {@code horodate} is {@code SAAMMJJhhmmss} or null. */
    public record Group(String label, String horodate, String data) {
        public Group(String label, String data) {
            this(label, null, data);
        }
    }

    /** The checksum character of a group (§5.3.6, Table 2). */
    public static char checksum(TicMode mode, Group g) {
        int sum = 0;
        for (char c : g.label().toCharArray()) {
            sum += c;
        }
        sum += mode.separator();
        if (g.horodate() != null) {
            for (char c : g.horodate().toCharArray()) {
                sum += c;
            }
            sum += mode.separator();
        }
        for (char c : g.data().toCharArray()) {
            sum += c;
        }
        if (mode.checksumIncludesLastSeparator()) {
            sum += mode.separator();
        }
        return (char) ((sum & 0x3F) + 0x20);
    }

    /** LF label SEP [horodate SEP] data SEP checksum CR. */
    public static byte[] group(TicMode mode, Group g) {
        char sep = (char) mode.separator();
        String s = "\n" + g.label() + sep + (g.horodate() == null ? "" : g.horodate() + sep) + g.data() + sep + checksum(mode, g) + "\r";
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** STX groups ETX. */
    public static byte[] frame(TicMode mode, List<Group> groups) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(groups.size() * 24 + 2);
        out.write(0x02);
        for (Group g : groups) {
            out.writeBytes(group(mode, g));
        }
        out.write(0x03);
        return out.toByteArray();
    }

    /** The groups of a frame, to re-encode it (horodates in wire form). */
    public static List<Group> groups(TicFrame f) {
        Group[] out = new Group[f.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Group(f.label(i), f.horodate(i).map(TicHorodate::wire).orElse(null), f.data(i));
        }
        return List.of(out);
    }
}

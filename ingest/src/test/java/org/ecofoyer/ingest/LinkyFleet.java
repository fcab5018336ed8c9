package org.ecofoyer.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ecofoyer.drivers.gateway.GatewayFormat;
import org.ecofoyer.drivers.tic.TicDecoder;
import org.ecofoyer.drivers.tic.TicEncoder;
import org.ecofoyer.drivers.tic.TicFrame;
import org.ecofoyer.drivers.tic.TicMode;
import org.ecofoyer.gateway.GatewayConfig;

/**
 * Realistic load for fault tests: N Linky meters in historique mode (no DATE: ingest stamps them at reception), each
 * frame the first frame of a real capture ({@code hallard_tinfo_replay__histo_base.txt}: option HC, period HP) with the
 * meter's own ADCO and its HP register one Wh higher than in its previous frame. So the total index is a different value
 * in every publication of a meter: the same value stored under two instants is one publication stored twice — the
 * way a double really happens when a redelivered undated frame is stamped again — and the last value published is
 * the one the store must end with.
 */
public final class LinkyFleet {
    private static final String CAPTURE = "hallard_tinfo_replay__histo_base.txt";
    private static final List<TicEncoder.Group> TEMPLATE = template();
    /** The capture's registers: HCHC idle (off-peak), HCHP moving (the capture's PTEC is HP..). */
    static final long HCHC = 836_902;
    static final long HCHP_START = 2_033_643;

    private final String prefix;
    private final int meters;

    /** Meters {@code F0..F<meters-1>} publishing on {@code prefix/<i>}. */
    public LinkyFleet(String prefix, int meters) {
        this.prefix = prefix;
        this.meters = meters;
    }

    public int meters() {
        return meters;
    }

    public String prefix() {
        return prefix;
    }

    public static String meter(int i) {
        return "F" + i;
    }

    public String topic(int i) {
        return prefix + "/" + i;
    }

    public static String adco(int i) {
        return String.format("0215286%05d", i);
    }

    /** The gateways ingest is configured with: raw TIC payloads, each bound to its meter's ADCO. */
    public List<GatewayConfig> gateways() {
        List<GatewayConfig> out = new ArrayList<>();
        for (int i = 0; i < meters; i++) {
            out.add(new GatewayConfig(topic(i), meter(i), adco(i), GatewayFormat.RAW));
        }
        return out;
    }

    /** The total index (HCHC + HCHP) of meter {@code i}'s {@code k}-th frame. */
    public static long total(long k) {
        return HCHC + HCHP_START + k;
    }

    /** Meter {@code i}'s {@code k}-th frame, as the gateway publishes it (the raw TIC bytes). */
    public static byte[] frame(int i, long k) {
        List<TicEncoder.Group> groups = new ArrayList<>();
        for (TicEncoder.Group g : TEMPLATE) {
            groups.add(switch (g.label()) {
                case "ADCO" -> new TicEncoder.Group("ADCO", null, adco(i));
                case "HCHP" -> new TicEncoder.Group("HCHP", null, String.format("%09d", HCHP_START + k));
                default -> g;
            });
        }
        return TicEncoder.frame(TicMode.HISTORIQUE, groups);
    }

    /** Publication {@code n} of a round-robin over the fleet: meter {@code n % meters}, its frame {@code n / meters}. */
    public void publish(TestPublisher pub, long n) throws InterruptedException {
        int i = (int) (n % meters);
        pub.publishSurely(topic(i), frame(i, n / meters));
    }

    /** The last total index of each meter once publications {@code 0..n-1} are in. */
    public long lastTotal(int i, long n) {
        long frames = n / meters + (i < n % meters ? 1 : 0);
        return total(frames - 1);
    }

    private static List<TicEncoder.Group> template() {
        byte[] capture;
        try (InputStream in = LinkyFleet.class.getResourceAsStream("/tic/" + CAPTURE)) {
            capture = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<TicFrame> frames = new ArrayList<>();
        TicDecoder d = TicDecoder.of(Optional.of(TicMode.HISTORIQUE), frames::add);
        d.feed(capture);
        d.endOfInput();
        TicFrame first = frames.get(0);
        List<TicEncoder.Group> groups = TicEncoder.groups(first);
        if (!first.get(org.ecofoyer.drivers.tic.TicLabel.HCHC).orElseThrow().equals(String.format("%09d", HCHC))
                || !first.get(org.ecofoyer.drivers.tic.TicLabel.HCHP).orElseThrow().equals(String.format("%09d", HCHP_START))) {
            throw new IllegalStateException("the capture's registers are not the expected ones: " + groups);
        }
        return groups;
    }
}
